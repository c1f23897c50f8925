"""Pre-period MixedLM variance components and ICC, and CUPED's variance reduction."""

from impactlytics.progress import log_progress_to_stderr
from impactlytics.rollout.tables import load_panels, variance_components_table


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    panels = load_panels(
        rollouts=dbt.ref("int_rollouts_declared").df(),
        units=dbt.ref("int_rollout_units_cohorted").df(),
        outcomes=dbt.ref("int_rollout_outcomes_unpivoted").df(),
        covariates=dbt.ref("int_rollout_covariates_unpivoted").df(),
    )
    return variance_components_table(
        panels,
        max_units=int(dbt.config.meta_get("mixed_model_max_units")),
        random_state=int(dbt.config.meta_get("random_state")),
    )
