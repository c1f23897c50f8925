"""The original API's response shape, from forecast rows."""

from __future__ import annotations

import math

import pandas as pd

from impactlytics.campaigns.features import OPTION_COLUMNS
from impactlytics.campaigns.predictor import CampaignPredictor
from impactlytics.campaigns.tables import CONFORMAL


def _count(value: float) -> int:
    return int(round(value))


def _rounded(value: float, digits: int) -> float | None:
    return None if math.isnan(value) else round(value, digits)


def _interval(lower: float, upper: float) -> dict:
    low, high = _count(lower), _count(upper)
    return {"lower": low, "upper": high, "range": f"{low:,} - {high:,}"}


def _cost_interval(cost: float, count_lower: float, count_upper: float) -> dict:
    """The interval of cost / count implied by the count's interval (cost is fixed, so the same
    campaigns are covered); no upper bound when the count's lower bound is 0."""
    return {
        "lower": round(cost / count_upper, 2) if count_upper > 0 else None,
        "upper": round(cost / count_lower, 2) if count_lower > 0 else None,
    }


def interval_description(predictor: CampaignPredictor) -> str:
    level = predictor.confidence_level
    group = predictor.interval_group
    calibration = f"separately for each {group} " if group else ""
    within = f"within each {group}" if group else "marginal over campaigns"
    return (
        f"{level:.0%} split-conformal prediction interval per target, calibrated {calibration}on "
        f"{predictor.n_calibration_} held-out campaigns on the log scale: it covers a new "
        f"campaign's outcome with probability at least {level:.0%} for campaigns like the "
        f"historical ones ({within}, not per campaign)"
    )


def prediction_response(forecast: pd.Series, predictor: CampaignPredictor) -> dict:
    """One forecast row (see `forecast_frame`) as the original `/api/predict` response."""
    rate = float(forecast["engagement_rate"])
    spend = float(forecast["total_spend"])
    return {
        "status": "success",
        "input": {
            "total_spend": spend,
            **{field: str(forecast[field]) for field in OPTION_COLUMNS},
        },
        "predictions": {
            "impressions": _count(forecast["predicted_impressions"]),
            "engagement": _count(forecast["predicted_engagement"]),
            "engagement_rate": _rounded(rate, 4),
            "engagement_rate_pct": None if math.isnan(rate) else f"{rate:.2%}",
        },
        "metrics": {
            "cpm": _rounded(float(forecast["cpm"]), 2),
            "cost_per_engagement": _rounded(float(forecast["cost_per_engagement"]), 2),
        },
        "confidence_intervals": {
            "impressions": _interval(forecast["impressions_lower"], forecast["impressions_upper"]),
            "engagement": _interval(forecast["engagement_lower"], forecast["engagement_upper"]),
            "cpm": _cost_interval(
                1000 * spend, forecast["impressions_lower"], forecast["impressions_upper"]
            ),
            "cost_per_engagement": _cost_interval(
                spend, forecast["engagement_lower"], forecast["engagement_upper"]
            ),
            "confidence_level": f"{predictor.confidence_level:.0%}",
            "description": interval_description(predictor),
        },
        "model": {"name": predictor.model, "interval_method": CONFORMAL},
    }


def totals(forecasts: pd.DataFrame) -> dict:
    """Total spend, impressions and engagement of several forecasts, with their unit costs."""
    spend = float(forecasts["total_spend"].sum())
    impressions = float(forecasts["predicted_impressions"].sum())
    engagement = float(forecasts["predicted_engagement"].sum())
    return {
        "total_spend": spend,
        "impressions": _count(impressions),
        "engagement": _count(engagement),
        "cpm": round(1000 * spend / impressions, 2) if impressions > 0 else None,
        "cost_per_engagement": round(spend / engagement, 2) if engagement > 0 else None,
    }
