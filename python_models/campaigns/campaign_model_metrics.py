"""Every candidate's cross-validated and held-out accuracy and interval metrics; the selection."""

from impactlytics.campaigns.tables import model_metrics_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return model_metrics_table(
        predictors=dbt.ref("int_campaign_predictor_declared").df(),
        campaigns=dbt.ref("int_campaigns_featurized").df(),
        random_state=int(dbt.config.meta_get("random_state")),
    )
