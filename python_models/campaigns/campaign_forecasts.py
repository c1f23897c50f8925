"""The selected model's forecasts with split-conformal intervals over the planning grid."""

from impactlytics.campaigns.tables import forecasts_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    return forecasts_table(
        predictors=dbt.ref("int_campaign_predictor_declared").df(),
        campaigns=dbt.ref("int_campaigns_featurized").df(),
        metrics=dbt.ref("campaign_model_metrics").df(),
        grid=dbt.ref("int_campaign_forecast_grid").df(),
    )
