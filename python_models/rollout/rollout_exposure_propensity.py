"""Each unit's fitted propensity of exposure (logit on the pre-treatment covariates)."""

from impactlytics.progress import log_progress_to_stderr
from impactlytics.rollout.tables import load_panels, propensity_table


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    panels = load_panels(
        rollouts=dbt.ref("int_rollouts_declared").df(),
        units=dbt.ref("int_rollout_units_cohorted").df(),
        outcomes=dbt.ref("int_rollout_outcomes_unpivoted").df(),
        covariates=dbt.ref("int_rollout_covariates_unpivoted").df(),
    )
    return propensity_table(panels)
