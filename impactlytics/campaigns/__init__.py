"""Campaign performance predictor: candidates compared by cross-validation, split-conformal
prediction intervals per target, forecasts, and a budget optimizer."""

from impactlytics.campaigns.conformal import conformal_quantile
from impactlytics.campaigns.features import OPTION_COLUMNS, TARGETS, model_inputs, targets_of
from impactlytics.campaigns.forecasts import forecast_frame
from impactlytics.campaigns.optimizer import allocate_budget, optimize_plan
from impactlytics.campaigns.predictor import CampaignPredictor

__all__ = [
    "OPTION_COLUMNS",
    "TARGETS",
    "CampaignPredictor",
    "allocate_budget",
    "conformal_quantile",
    "forecast_frame",
    "optimize_plan",
    "model_inputs",
    "targets_of",
]
