"""Qini curve, AUUC and policy values of targeting by the selected learner's predicted CATE."""

from impactlytics.causal.cate.tables import policy_values_table


def model(dbt, session):
    dbt.config(materialized="table")
    return policy_values_table(dbt.ref("study_cate_unit_effects").df())
