"""Simulated media data as MediaMixData and as CSV inputs for the tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from impactlytics.media_mix.data import MediaMixData
from impactlytics.simulate.media_mix import CHANNELS, simulate_media_mix

HOURLY_CYCLES = ((24, 4), (168, 3), (8766, 2))
DAILY_CYCLES = ((168, 3), (8766, 2))


def _baseline(ts: pd.DatetimeIndex, cycles=HOURLY_CYCLES) -> np.ndarray:
    """Intercept, trend, Fourier terms of (period hours, harmonics) cycles and the calendar
    controls, as int_media_mix_time_features builds them."""
    hours = (ts - pd.Timestamp("1970-01-01")) / pd.Timedelta(hours=1)
    columns = [np.ones(len(ts)), (hours - hours.min()) / (hours.max() - hours.min())]
    for period, harmonics in cycles:
        for k in range(1, harmonics + 1):
            phase = 2 * np.pi * k * hours / period
            columns += [np.sin(phase), np.cos(phase)]
    columns += [(ts.day_of_week >= 5).astype(float), (ts.day <= 2).astype(float)]
    return np.column_stack(columns)


def simulated_data(n_weeks: int, seed: int) -> tuple[MediaMixData, pd.DataFrame]:
    """(data, channel truth) of the demo simulator, built as the SQL features would be."""
    metrics, outcomes, overlap, truth, _ = simulate_media_mix(n_weeks, seed)
    ts = pd.DatetimeIndex(outcomes["ts"])
    spend = metrics.pivot(index="ts", columns="channel", values="spend")[list(CHANNELS)]
    overlap = overlap.assign(pair=overlap["channel_a"] + "|" + overlap["channel_b"])
    wide = overlap.pivot(index="ts", columns="pair", values="overlap_reach")
    wide = wide.reindex(ts).fillna(0.0)
    data = MediaMixData(
        ts=ts.to_numpy(),
        outcome=outcomes["value"].to_numpy(),
        channels=CHANNELS,
        driver=spend.to_numpy(),
        spend=spend.to_numpy(),
        baseline=_baseline(ts),
        baseline_names=tuple(f"b{i}" for i in range(_baseline(ts).shape[1])),
        pairs=tuple(tuple(pair.split("|")) for pair in wide.columns),
        overlap=wide.to_numpy(dtype=float),
        hours_per_period=1,
    )
    return data, truth


def daily(data: MediaMixData) -> MediaMixData:
    """The hourly data summed into days (grain day), with the daily baseline design."""

    def by_day(values: np.ndarray) -> np.ndarray:
        return values.reshape(-1, 24, *values.shape[1:]).sum(axis=1)

    days = pd.DatetimeIndex(data.ts[::24])
    return replace(
        data,
        ts=days.to_numpy(),
        outcome=by_day(data.outcome),
        driver=by_day(data.driver),
        spend=by_day(data.spend),
        baseline=_baseline(days, DAILY_CYCLES),
        baseline_names=tuple(f"b{i}" for i in range(_baseline(days, DAILY_CYCLES).shape[1])),
        overlap=by_day(data.overlap),
        hours_per_period=24,
    )


def write_inputs(folder: Path, n_weeks: int = 4, seed: int = 3, mutate=None) -> dict[str, str]:
    """The simulator's raw tables as CSV files (after ``mutate(name, frame) -> frame``);
    returns {metrics, outcome, overlap: path}."""
    metrics, outcomes, overlap, _, _ = simulate_media_mix(n_weeks, seed)
    frames = {"metrics": metrics, "outcome": outcomes, "overlap": overlap}
    paths = {}
    for name, frame in frames.items():
        frame = mutate(name, frame) if mutate else frame
        paths[name] = str(folder / f"{name}.csv")
        frame.to_csv(paths[name], index=False)
    return paths
