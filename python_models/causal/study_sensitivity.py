"""Sensitivity of every declared study's regression estimate to unmeasured confounding."""

from impactlytics.causal.robustness_tables import sensitivity_table


def model(dbt, session):
    dbt.config(materialized="table")
    return sensitivity_table(
        studies=dbt.ref("int_studies_declared").df(),
        units=dbt.ref("int_study_units_unioned").df(),
        covariates=dbt.ref("int_study_covariates_unpivoted").df(),
        outcomes=dbt.ref("int_study_outcomes_unpivoted").df(),
        propensity=dbt.ref("study_propensity_scores").df(),
    )
