"""Every CATE learner's unit effects for every declared study and outcome, model selection by
held-out R-loss, GATES groups and tree segments of the selected learner."""

from impactlytics.causal.cate.tables import cate_unit_effects_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return cate_unit_effects_table(
        studies=dbt.ref("int_studies_declared").df(),
        units=dbt.ref("int_study_units_unioned").df(),
        covariates=dbt.ref("int_study_covariates_unpivoted").df(),
        outcomes=dbt.ref("int_study_outcomes_unpivoted").df(),
        propensity=dbt.ref("study_propensity_scores").df(),
        random_state=int(dbt.config.meta_get("random_state")),
    )
