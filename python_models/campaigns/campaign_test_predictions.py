"""The selected model's predictions and intervals for the held-out (test) campaigns."""

from impactlytics.campaigns.tables import test_predictions_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return test_predictions_table(
        predictors=dbt.ref("int_campaign_predictor_declared").df(),
        campaigns=dbt.ref("int_campaigns_featurized").df(),
        metrics=dbt.ref("campaign_model_metrics").df(),
    )
