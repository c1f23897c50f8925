"""Cross-fitted propensity scores, trimming flags and IPW weights for every declared study."""

from impactlytics.causal.tables import propensity_scores_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return propensity_scores_table(
        studies=dbt.ref("int_studies_declared").df(),
        units=dbt.ref("int_study_units_unioned").df(),
        covariates=dbt.ref("int_study_covariates_unpivoted").df(),
        random_state=int(dbt.config.meta_get("random_state")),
    )
