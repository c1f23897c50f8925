"""Refutation tests of every declared study's estimate, per outcome and refuter."""

from impactlytics.causal.robustness_tables import refutations_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return refutations_table(
        studies=dbt.ref("int_studies_declared").df(),
        units=dbt.ref("int_study_units_unioned").df(),
        covariates=dbt.ref("int_study_covariates_unpivoted").df(),
        outcomes=dbt.ref("int_study_outcomes_unpivoted").df(),
        propensity=dbt.ref("study_propensity_scores").df(),
        random_state=int(dbt.config.meta_get("random_state")),
    )
