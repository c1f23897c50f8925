"""Simulated hourly media data with known carryover, saturation, overlap and ROI per channel.

Five channels buy media every hour: spend follows a daily profile, weekly flights (on, half or
boosted) and noise; impressions = spend / CPM, reach = impressions / frequency. Two channels'
audiences overlap by ``affinity · reach_x · reach_y / AUDIENCE_SIZE`` people (capped below
either reach). The hourly outcome is

    y_t = baseline_t + Σ_c β_c·hill(carryover_c(spend_c)_t; K_c, s_c) + Σ_xy γ_xy·overlap_xy,t + ε_t

with geometric carryover of half-life h_c hours, a baseline of level, trend, 24-hour, weekly
and yearly cycles and a month-start bump, γ_xy < 0 (duplicated reach is worth less) and AR(1)
noise. A channel's true contribution is the outcome lost over the range with its spend (hence
its reach and overlaps) at zero, carryover past the end excluded; true ROI = contribution /
spend. :func:`true_media_effect` evaluates the media part under any spend multipliers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from impactlytics.media_mix.transforms import geometric_carryover, hill

CHANNELS: tuple[str, ...] = ("facebook", "youtube", "google", "tiktok", "instagram")
START = pd.Timestamp("2024-01-01 00:00:00")
AUDIENCE_SIZE = 60_000.0
HOURS_PER_WEEK = 168

# per channel: mean spend $/hour, CPM $, frequency, half-life hours, K (x mean spend), shape, β
_CHANNEL_PARAMETERS = pd.DataFrame(
    {
        "channel": CHANNELS,
        "mean_spend": [160.0, 220.0, 140.0, 90.0, 110.0],
        "cpm": [8.0, 12.0, 6.0, 5.0, 9.0],
        "frequency": [1.6, 1.3, 1.2, 1.8, 1.5],
        "half_life_hours": [8.0, 36.0, 3.0, 12.0, 6.0],
        "half_saturation_ratio": [1.0, 1.4, 0.7, 1.2, 0.9],
        "hill_shape": [1.3, 1.0, 1.6, 1.2, 1.4],
        "max_effect": [520.0, 700.0, 330.0, 260.0, 300.0],
    }
)
# unordered pairs with overlapping audiences: affinity, outcome per overlapped person
_OVERLAP_PARAMETERS = pd.DataFrame(
    {
        "channel_a": ["facebook", "google", "instagram", "facebook"],
        "channel_b": ["instagram", "youtube", "tiktok", "youtube"],
        "affinity": [2.5, 1.2, 1.8, 0.6],
        "effect_per_overlap_reach": [-0.012, -0.008, -0.010, -0.006],
    }
)
_FLIGHT_LEVELS = np.array([0.0, 0.5, 1.0, 1.0, 1.6])
_DAILY_PROFILE = 0.35 + 1.3 * np.clip(np.sin(np.pi * (np.arange(24) - 5) / 17), 0, None)


def _spend(rng: np.random.Generator, n_hours: int, mean_spend: float) -> np.ndarray:
    """Hourly spend: daily profile × weekly flight level × lognormal noise, mean ≈ mean_spend."""
    hours = np.arange(n_hours)
    n_weeks = -(-n_hours // HOURS_PER_WEEK)
    flights = rng.choice(_FLIGHT_LEVELS, size=n_weeks)[hours // HOURS_PER_WEEK]
    noise = rng.lognormal(-0.08, 0.4, size=n_hours)
    profile = _DAILY_PROFILE[hours % 24] / _DAILY_PROFILE.mean()
    return np.round(mean_spend * flights * profile * noise / _FLIGHT_LEVELS.mean(), 2)


def _overlap_reach(reach: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per pair and hour, affinity · reach_a · reach_b / AUDIENCE_SIZE, below 0.9 × min reach."""
    columns = {}
    for pair in pairs.itertuples():
        a, b = reach[pair.channel_a], reach[pair.channel_b]
        columns[(pair.channel_a, pair.channel_b)] = np.minimum(
            pair.affinity * a * b / AUDIENCE_SIZE, 0.9 * np.minimum(a, b)
        )
    return pd.DataFrame(columns)


def true_media_effect(
    spend: pd.DataFrame,
    reach: pd.DataFrame,
    channels: pd.DataFrame,
    pairs: pd.DataFrame,
    multipliers: dict[str, float] | None = None,
) -> np.ndarray:
    """The media part of the true outcome per hour with each channel's spend scaled by its
    multiplier (reach scales with spend at a fixed CPM and frequency, so a pair's overlap scales
    with the product of the two multipliers). ``spend`` and ``reach`` are hour × channel."""
    scale = {c: (multipliers or {}).get(c, 1.0) for c in spend.columns}
    effect = np.zeros(len(spend))
    for row in channels.itertuples():
        carried = geometric_carryover(
            spend[row.channel].to_numpy() * scale[row.channel], row.half_life_hours
        )
        k = row.half_saturation_ratio * row.mean_spend
        effect += row.max_effect * hill(carried, k, row.hill_shape)
    overlap = _overlap_reach(reach, pairs)
    for pair in pairs.itertuples():
        factor = scale[pair.channel_a] * scale[pair.channel_b]
        column = overlap[(pair.channel_a, pair.channel_b)].to_numpy()
        effect += pair.effect_per_overlap_reach * factor * column
    return effect


def _baseline(rng: np.random.Generator, ts: pd.DatetimeIndex) -> np.ndarray:
    hours = np.arange(len(ts))
    hour_of_day = ts.hour.to_numpy()
    day_of_week = ts.day_of_week.to_numpy()
    day_of_year = ts.day_of_year.to_numpy()
    return (
        2600.0
        + 400.0 * hours / (365 * 24)
        + 700.0 * np.sin(2 * np.pi * (hour_of_day - 8) / 24)
        + 200.0 * np.cos(4 * np.pi * hour_of_day / 24)
        + 250.0 * np.where(day_of_week >= 5, 1.0, 0.0)
        + 300.0 * np.sin(2 * np.pi * day_of_year / 365.25)
        + 150.0 * (ts.day.to_numpy() <= 2)
    )


def _ar1_noise(rng: np.random.Generator, n: int, sd: float, phi: float = 0.3) -> np.ndarray:
    shocks = rng.normal(0.0, sd * np.sqrt(1 - phi**2), size=n)
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, sd)
    for t in range(1, n):
        noise[t] = phi * noise[t - 1] + shocks[t]
    return noise


def _roi_truth(spend: pd.DataFrame, reach: pd.DataFrame) -> pd.DataFrame:
    """Per channel: total spend, true contribution, ROI and marginal ROI (1% more spend)."""
    full = true_media_effect(spend, reach, _CHANNEL_PARAMETERS, _OVERLAP_PARAMETERS).sum()
    rows = []
    for channel in CHANNELS:
        zeroed = true_media_effect(
            spend, reach, _CHANNEL_PARAMETERS, _OVERLAP_PARAMETERS, {channel: 0.0}
        ).sum()
        more = true_media_effect(
            spend, reach, _CHANNEL_PARAMETERS, _OVERLAP_PARAMETERS, {channel: 1.01}
        ).sum()
        total = spend[channel].sum()
        rows.append(
            {
                "channel": channel,
                "true_spend": total,
                "true_contribution": full - zeroed,
                "true_roi": (full - zeroed) / total,
                "true_marginal_roi": (more - full) / (0.01 * total),
            }
        )
    return pd.DataFrame(rows)


def simulate_media_mix(
    n_weeks: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``n_weeks`` of hourly data from 2024-01-01 for the five channels.

    Returns (channel_metrics, media_outcomes, channel_overlap, channel_truth, overlap_truth):
    channel_metrics has ts, channel, spend, impressions, reach, frequency (one row per hour and
    channel); media_outcomes ts, value; channel_overlap ts, channel_a, channel_b, overlap_reach
    (pairs with overlap only, rows with overlap > 0); channel_truth per channel its carryover,
    saturation, spend, true contribution, ROI and marginal ROI; overlap_truth per pair.
    """
    rng = np.random.default_rng(seed)
    n_hours = n_weeks * HOURS_PER_WEEK
    ts = pd.date_range(START, periods=n_hours, freq="h")
    spend = pd.DataFrame(
        {
            row.channel: _spend(rng, n_hours, row.mean_spend)
            for row in _CHANNEL_PARAMETERS.itertuples()
        }
    )
    cpm = pd.DataFrame(
        {
            row.channel: row.cpm * rng.lognormal(0, 0.1, n_hours)
            for row in _CHANNEL_PARAMETERS.itertuples()
        }
    )
    impressions = np.round(spend / cpm * 1000.0)
    frequency = pd.DataFrame(
        {
            row.channel: row.frequency * rng.lognormal(0, 0.05, n_hours)
            for row in _CHANNEL_PARAMETERS.itertuples()
        }
    )
    reach = np.round(impressions / frequency)
    frequency = (impressions / reach.where(reach > 0)).fillna(0.0)
    overlap = np.round(_overlap_reach(reach, _OVERLAP_PARAMETERS))
    media = true_media_effect(spend, reach, _CHANNEL_PARAMETERS, _OVERLAP_PARAMETERS)
    baseline = _baseline(rng, ts)
    outcome = baseline + media + _ar1_noise(rng, n_hours, sd=0.05 * baseline.mean())

    metrics = pd.DataFrame(
        {
            "ts": np.repeat(ts.to_numpy(), len(CHANNELS)),
            "channel": np.tile(CHANNELS, n_hours),
            "spend": spend.to_numpy().ravel(),
            "impressions": impressions.to_numpy().ravel().astype("int64"),
            "reach": reach.to_numpy().ravel().astype("int64"),
            "frequency": frequency.to_numpy().ravel().round(4),
        }
    )
    overlap_rows = overlap.stack(level=[0, 1], future_stack=True).rename("overlap_reach")
    overlap_rows = overlap_rows.reset_index()
    overlap_rows.columns = ["hour", "channel_a", "channel_b", "overlap_reach"]
    overlap_rows = overlap_rows[overlap_rows["overlap_reach"] > 0]
    channel_overlap = pd.DataFrame(
        {
            "ts": ts[overlap_rows["hour"].to_numpy()],
            "channel_a": overlap_rows["channel_a"].to_numpy(),
            "channel_b": overlap_rows["channel_b"].to_numpy(),
            "overlap_reach": overlap_rows["overlap_reach"].to_numpy().astype("int64"),
        }
    ).sort_values(["ts", "channel_a", "channel_b"], ignore_index=True)
    outcomes = pd.DataFrame({"ts": ts, "value": outcome.round(3)})
    truth = _CHANNEL_PARAMETERS.assign(
        half_saturation=lambda f: f["half_saturation_ratio"] * f["mean_spend"]
    ).merge(_roi_truth(spend, reach), on="channel")
    return metrics, outcomes, channel_overlap, truth, _OVERLAP_PARAMETERS.copy()


def wide_frames(metrics: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(spend, reach) as hour × channel frames from the long channel_metrics table."""
    spend = metrics.pivot(index="ts", columns="channel", values="spend")[list(CHANNELS)]
    reach = metrics.pivot(index="ts", columns="channel", values="reach")[list(CHANNELS)]
    return spend.reset_index(drop=True), reach.reset_index(drop=True)


def true_outcome_gain(
    metrics: pd.DataFrame,
    channel_truth: pd.DataFrame,
    overlap_truth: pd.DataFrame,
    multipliers: dict[str, float],
) -> float:
    """True change of the summed outcome over the range when spend is scaled by ``multipliers``."""
    spend, reach = wide_frames(metrics)
    changed = true_media_effect(spend, reach, channel_truth, overlap_truth, multipliers).sum()
    observed = true_media_effect(spend, reach, channel_truth, overlap_truth).sum()
    return float(changed - observed)
