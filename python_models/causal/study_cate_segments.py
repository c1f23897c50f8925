"""GATES groups and tree segments of the selected CATE learner, each with its AIPW effect."""

from impactlytics.causal.cate.tables import cate_segments_table


def model(dbt, session):
    dbt.config(materialized="table")
    return cate_segments_table(dbt.ref("study_cate_unit_effects").df())
