"""Forecast rows: predicted impressions and engagement with intervals, rates and unit costs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from impactlytics.campaigns.features import OPTION_COLUMNS, model_inputs
from impactlytics.campaigns.predictor import CampaignPredictor

FORECAST_COLUMNS: tuple[str, ...] = (
    "predicted_impressions",
    "impressions_lower",
    "impressions_upper",
    "predicted_engagement",
    "engagement_lower",
    "engagement_upper",
    "engagement_rate",
    "cpm",
    "cost_per_engagement",
)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is not positive."""
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, numerator / safe, np.nan)


def forecast_frame(predictor: CampaignPredictor, plans: pd.DataFrame) -> pd.DataFrame:
    """One forecast per planned campaign (options and `total_spend`), with the plan's columns
    first and then `FORECAST_COLUMNS`. Predictions are back-transformed log1p predictions (the
    conditional median when the log-scale noise is symmetric), counts as floats; cpm is spend per
    1,000 predicted impressions and cost_per_engagement spend per predicted engagement.
    """
    prediction, lower, upper = predictor.predict_interval(model_inputs(plans))
    spend = plans["total_spend"].to_numpy(dtype=np.float64)
    impressions, engagement = prediction[:, 0], prediction[:, 1]
    forecasts = pd.DataFrame(
        {
            "predicted_impressions": impressions,
            "impressions_lower": lower[:, 0],
            "impressions_upper": upper[:, 0],
            "predicted_engagement": engagement,
            "engagement_lower": lower[:, 1],
            "engagement_upper": upper[:, 1],
            "engagement_rate": _ratio(engagement, impressions),
            "cpm": _ratio(1000.0 * spend, impressions),
            "cost_per_engagement": _ratio(spend, engagement),
        }
    )
    plan = plans[[*OPTION_COLUMNS, "total_spend"]].reset_index(drop=True)
    return pd.concat([plan, forecasts], axis=1)
