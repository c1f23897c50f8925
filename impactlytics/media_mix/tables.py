"""Output tables of the media-mix dbt Python models, with fixed dtypes (empty runs still build).

Draw 0 of `media_mix_fits` is the point fit on every period; draws 1..B are block-bootstrap
refits. Every interval is the 90% percentile interval over the bootstrap draws.
"""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd

from impactlytics.frames import typed_frame
from impactlytics.media_mix.bootstrap import bootstrap_fits, percentile_interval
from impactlytics.media_mix.crossval import cross_validate
from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.effects import (
    channel_summary,
    contributions_over_time,
    media_effect,
    response_curve,
)
from impactlytics.media_mix.harmonize import harmonized_forecast
from impactlytics.media_mix.model import MediaMixFit, fit_media_mix
from impactlytics.media_mix.optimizer import DEFAULT_BOUNDS, optimize_allocation
from impactlytics.media_mix.spec import MediaMixSpec

logger = logging.getLogger(__name__)

Loaded = list[tuple[MediaMixSpec, MediaMixData]]
RESPONSE_MULTIPLIERS = np.round(np.arange(0.0, 2.01, 0.1), 2)

CROSS_VALIDATION_SCHEMA = {
    "media_mix_name": "string",
    "candidate": "string",
    "carryover": "string",
    "fold": "int64",
    "train_periods": "int64",
    "validation_periods": "int64",
    "rmse": "float64",
    "mae": "float64",
    "mape": "float64",
}
FITS_SCHEMA = {
    "media_mix_name": "string",
    "draw": "int64",
    "candidate": "string",
    "carryover": "string",
    "parameters_json": "string",
}
ESTIMATES_SCHEMA = {
    "media_mix_name": "string",
    "channel": "string",
    "channel_b": "string",
    "quantity": "string",
    "estimate": "float64",
    "lower": "float64",
    "upper": "float64",
}
CONTRIBUTIONS_SCHEMA = {
    "media_mix_name": "string",
    "ts": "datetime64[us]",
    "channel": "string",
    "contribution": "float64",
    "lower": "float64",
    "upper": "float64",
}
RESPONSE_SCHEMA = {
    "media_mix_name": "string",
    "channel": "string",
    "spend_multiplier": "float64",
    "spend": "float64",
    "contribution": "float64",
    "contribution_lower": "float64",
    "contribution_upper": "float64",
    "marginal_roi": "float64",
    "marginal_roi_lower": "float64",
    "marginal_roi_upper": "float64",
}
FORECAST_SCHEMA = {
    "media_mix_name": "string",
    "ts": "datetime64[us]",
    "split": "string",
    "actual": "float64",
    "forecast": "float64",
    "forecast_harmonized": "float64",
    "lower": "float64",
    "upper": "float64",
    "gamma_keep_share": "float64",
}
ALLOCATION_SCHEMA = {
    "media_mix_name": "string",
    "channel": "string",
    "is_fixed": "bool",
    "spend_lower_bound": "float64",
    "spend_upper_bound": "float64",
    "current_spend": "float64",
    "optimized_spend": "float64",
    "current_contribution": "float64",
    "optimized_contribution": "float64",
    "current_expected_outcome": "float64",
    "optimized_expected_outcome": "float64",
    "expected_gain": "float64",
    "expected_gain_lower": "float64",
    "expected_gain_upper": "float64",
}


def cross_validation_table(loaded: Loaded) -> pd.DataFrame:
    rows = []
    for spec, data in loaded:
        logger.info(
            "media mix %s: time-slice cross-validation of %d candidates x %d folds",
            spec.name,
            len(spec.candidates),
            spec.cv_folds,
        )
        for row in cross_validate(data, list(spec.candidates), spec.cv_folds):
            rows.append({"media_mix_name": spec.name, **row})
    return typed_frame(rows, CROSS_VALIDATION_SCHEMA)


def chosen_candidates(cross_validation: pd.DataFrame) -> dict[str, str]:
    """Media mix -> the candidate with the smallest mean validation RMSE."""
    means = cross_validation.groupby(["media_mix_name", "candidate"])["rmse"].mean()
    return {mix: group.idxmin()[1] for mix, group in means.groupby(level=0)}


def fits_table(loaded: Loaded, cross_validation: pd.DataFrame, random_state: int) -> pd.DataFrame:
    chosen = chosen_candidates(cross_validation)
    rows = []
    for spec, data in loaded:
        candidate = next(c for c in spec.candidates if c.name == chosen[spec.name])
        point = fit_media_mix(data, candidate.carryover)
        block = spec.bootstrap_block_days * spec.periods_per_day
        logger.info(
            "media mix %s: %s fitted; %d bootstrap draws in blocks of %d periods",
            spec.name,
            candidate.name,
            spec.bootstrap_draws,
            block,
        )
        draws = bootstrap_fits(data, point, spec.bootstrap_draws, block, random_state)
        for draw, fit in enumerate([point, *draws]):
            rows.append(
                {
                    "media_mix_name": spec.name,
                    "draw": draw,
                    "candidate": candidate.name,
                    "carryover": fit.carryover,
                    "parameters_json": json.dumps(fit.to_dict()),
                }
            )
    return typed_frame(rows, FITS_SCHEMA)


def _draws(fits: pd.DataFrame, name: str) -> tuple[MediaMixFit, list[MediaMixFit]]:
    """(point fit, bootstrap fits) of one media mix."""
    rows = fits[fits["media_mix_name"] == name].sort_values("draw")
    parsed = [MediaMixFit.from_dict(json.loads(text)) for text in rows["parameters_json"]]
    return parsed[0], parsed[1:]


def _estimate_rows(name, labels, point, draws, quantity, channel_b=None) -> list[dict]:
    lower, upper = percentile_interval(draws) if len(draws) else (point * np.nan, point * np.nan)
    return [
        {
            "media_mix_name": name,
            "channel": label,
            "channel_b": b,
            "quantity": quantity,
            "estimate": p,
            "lower": lo,
            "upper": hi,
        }
        for label, b, p, lo, hi in zip(
            labels, channel_b or [None] * len(labels), point, lower, upper, strict=True
        )
    ]


def _channel_quantities(fit: MediaMixFit, data: MediaMixData) -> dict[str, np.ndarray]:
    return {
        **channel_summary(fit, data),
        "half_life_hours": fit.half_life_periods() * data.hours_per_period,
        "half_saturation": fit.half_saturation(),
        "hill_shape": fit.hill_shape(),
        "max_effect": fit.media_coef,
    }


def estimates_table(loaded: Loaded, fits: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for spec, data in loaded:
        point, draws = _draws(fits, spec.name)
        estimated = _channel_quantities(point, data)
        sampled = [_channel_quantities(fit, data) for fit in draws]
        for quantity, values in estimated.items():
            rows += _estimate_rows(
                spec.name, data.channels, values, np.array([s[quantity] for s in sampled]), quantity
            )
        rows += _estimate_rows(
            spec.name,
            [a for a, _ in data.pairs],
            point.overlap_coef,
            np.array([fit.overlap_coef for fit in draws]),
            "overlap_effect",
            channel_b=[b for _, b in data.pairs],
        )
    return typed_frame(rows, ESTIMATES_SCHEMA)


def contributions_table(loaded: Loaded, fits: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for spec, data in loaded:
        point, draws = _draws(fits, spec.name)
        lower, upper = percentile_interval(
            np.array([contributions_over_time(fit, data) for fit in draws])
        )
        n, n_channels = data.spend.shape
        frames.append(
            pd.DataFrame(
                {
                    "media_mix_name": spec.name,
                    "ts": np.repeat(data.ts, n_channels),
                    "channel": np.tile(data.channels, n),
                    "contribution": contributions_over_time(point, data).ravel(),
                    "lower": lower.ravel(),
                    "upper": upper.ravel(),
                }
            )
        )
    return typed_frame(pd.concat(frames) if frames else [], CONTRIBUTIONS_SCHEMA)


def response_curves_table(loaded: Loaded, fits: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for spec, data in loaded:
        point, draws = _draws(fits, spec.name)
        for c, channel in enumerate(data.channels):
            contribution, marginal = response_curve(point, data, c, RESPONSE_MULTIPLIERS)
            sampled = np.array(
                [response_curve(fit, data, c, RESPONSE_MULTIPLIERS) for fit in draws]
            )
            (c_low, m_low), (c_high, m_high) = percentile_interval(sampled)
            spend = data.spend[:, c].sum() * RESPONSE_MULTIPLIERS
            for i, multiplier in enumerate(RESPONSE_MULTIPLIERS):
                rows.append(
                    {
                        "media_mix_name": spec.name,
                        "channel": channel,
                        "spend_multiplier": multiplier,
                        "spend": spend[i],
                        "contribution": contribution[i],
                        "contribution_lower": c_low[i],
                        "contribution_upper": c_high[i],
                        "marginal_roi": marginal[i],
                        "marginal_roi_lower": m_low[i],
                        "marginal_roi_upper": m_high[i],
                    }
                )
    return typed_frame(rows, RESPONSE_SCHEMA)


def forecast_table(loaded: Loaded, fits: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for spec, data in loaded:
        carryover = fits.loc[fits["media_mix_name"] == spec.name, "carryover"].iloc[0]
        result = harmonized_forecast(
            data,
            carryover,
            spec.validation_days * spec.periods_per_day,
            spec.test_days * spec.periods_per_day,
        )
        logger.info(
            "media mix %s: harmonization keeps %.0f%% of the frequencies",
            spec.name,
            100 * result["gamma_keep_share"],
        )
        frames.append(
            pd.DataFrame(
                {
                    "media_mix_name": spec.name,
                    "ts": data.ts[result["index"]],
                    **{
                        key: result[key]
                        for key in (
                            "split",
                            "actual",
                            "forecast",
                            "forecast_harmonized",
                            "lower",
                            "upper",
                        )
                    },
                    "gamma_keep_share": result["gamma_keep_share"],
                }
            )
        )
    return typed_frame(pd.concat(frames) if frames else [], FORECAST_SCHEMA)


def _allocation_outcomes(fit: MediaMixFit, data: MediaMixData, multipliers: np.ndarray):
    """(expected outcome over the range, per-channel contributions) at the allocation."""
    scaled = data.scaled(multipliers)
    return fit.predict(scaled).sum(), contributions_over_time(fit, scaled).sum(axis=0)


def allocation_table(loaded: Loaded, fits: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for spec, data in loaded:
        point, draws = _draws(fits, spec.name)
        optimized = optimize_allocation(
            point, data, spec.budget_bounds, spec.budget_fixed, spec.budget_total
        )
        ones = np.ones(len(data.channels))
        current_total, current = _allocation_outcomes(point, data, ones)
        optimized_total, optimized_contribution = _allocation_outcomes(point, data, optimized)
        gains = np.array(
            [media_effect(fit, data, optimized) - media_effect(fit, data, ones) for fit in draws]
        )
        gain_low, gain_high = percentile_interval(gains) if len(gains) else (np.nan, np.nan)
        spend = data.spend.sum(axis=0)
        for c, channel in enumerate(data.channels):
            fixed = channel in spec.budget_fixed
            low, high = (1.0, 1.0) if fixed else spec.budget_bounds.get(channel, DEFAULT_BOUNDS)
            rows.append(
                {
                    "media_mix_name": spec.name,
                    "channel": channel,
                    "is_fixed": fixed,
                    "spend_lower_bound": low * spend[c],
                    "spend_upper_bound": high * spend[c],
                    "current_spend": spend[c],
                    "optimized_spend": optimized[c] * spend[c],
                    "current_contribution": current[c],
                    "optimized_contribution": optimized_contribution[c],
                    "current_expected_outcome": current_total,
                    "optimized_expected_outcome": optimized_total,
                    "expected_gain": optimized_total - current_total,
                    "expected_gain_lower": gain_low,
                    "expected_gain_upper": gain_high,
                }
            )
    return typed_frame(rows, ALLOCATION_SCHEMA)
