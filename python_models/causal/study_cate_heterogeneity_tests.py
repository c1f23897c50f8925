"""Best linear predictor test of effect heterogeneity per study and outcome."""

from impactlytics.causal.cate.tables import heterogeneity_tests_table


def model(dbt, session):
    dbt.config(materialized="table")
    return heterogeneity_tests_table(dbt.ref("study_cate_unit_effects").df())
