"""What a fitted model implies: contributions, ROI, marginal ROI and response curves.

A channel's contribution over the modelled range is the predicted outcome lost if its
activity were zero and everything else as observed: its own media effect plus the overlap
terms of its pairs (those audiences vanish with it), summed over the range only, so carryover
past the end is excluded. Overlap terms belong to both channels of a pair, so contributions
do not add up to the total media effect when audiences overlap.
"""

from __future__ import annotations

import numpy as np

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.model import MediaMixFit, channel_column

MARGINAL_STEP = 0.01  # relative spend increase of the marginal ROI


def media_effect(fit: MediaMixFit, data: MediaMixData, multipliers: np.ndarray) -> float:
    """Predicted media part (channels + overlap) summed over the range, with channel c's
    activity scaled by ``multipliers[c]``."""
    scaled = data.scaled(multipliers)
    return float(fit.channel_effects(scaled).sum() + fit.overlap_effects(scaled).sum())


def contributions_over_time(fit: MediaMixFit, data: MediaMixData) -> np.ndarray:
    """(n, C) outcome lost per period if the channel's activity were zero."""
    contributions = fit.channel_effects(data)
    overlap = fit.overlap_effects(data)
    for p, (a, b) in enumerate(data.pair_channels()):
        contributions[:, a] += overlap[:, p]
        contributions[:, b] += overlap[:, p]
    return contributions


def channel_summary(fit: MediaMixFit, data: MediaMixData) -> dict[str, np.ndarray]:
    """Per channel (arrays of length C): spend, contribution, roi and marginal_roi (outcome per
    extra unit of spend when the channel's spend rises by MARGINAL_STEP) over the range."""
    spend = data.spend.sum(axis=0)
    contribution = contributions_over_time(fit, data).sum(axis=0)
    observed = media_effect(fit, data, np.ones(len(data.channels)))
    marginal = np.empty(len(data.channels))
    for c in range(len(data.channels)):
        step = np.ones(len(data.channels))
        step[c] += MARGINAL_STEP
        marginal[c] = (media_effect(fit, data, step) - observed) / (MARGINAL_STEP * spend[c])
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(spend > 0, contribution / spend, np.nan)
    return {"spend": spend, "contribution": contribution, "roi": roi, "marginal_roi": marginal}


def response_curve(
    fit: MediaMixFit, data: MediaMixData, channel: int, multipliers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(contribution, marginal ROI) of ``channel`` over the range at each spend multiplier m of
    its observed spend pattern, the other channels as observed: β_c·Σ_t hill(carryover(m·d_c))
    plus m times its pairs' overlap terms (the same as :func:`media_effect` differences, with
    only the channel's own column recomputed)."""
    spend = data.spend[:, channel].sum()
    pairs = [p for p, pair in enumerate(data.pair_channels()) if channel in pair]
    overlap = float(fit.overlap_effects(data)[:, pairs].sum())

    def contribution(multiplier: float) -> float:
        column = channel_column(
            data.driver[:, channel] * multiplier,
            data,
            fit.carryover,
            fit.theta[channel],
            fit.driver_scale[channel],
        )
        return fit.media_coef[channel] * column.sum() + multiplier * overlap

    values = np.array([contribution(m) for m in multipliers])
    above = np.array([contribution(m + MARGINAL_STEP) for m in multipliers])
    return values, (above - values) / (MARGINAL_STEP * spend)
