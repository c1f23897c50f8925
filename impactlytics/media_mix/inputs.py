"""The SQL feature tables of every declared media mix as :class:`MediaMixData`."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.spec import MediaMixSpec

logger = logging.getLogger(__name__)


def _pivot(rows: pd.DataFrame, column: str, value: str, order: list) -> np.ndarray:
    wide = rows.pivot(index="ts", columns=column, values=value).sort_index()
    return wide.reindex(columns=order).fillna(0.0).to_numpy(dtype=float)


def media_mix_data(
    spec: MediaMixSpec,
    channel_periods: pd.DataFrame,
    outcome_periods: pd.DataFrame,
    time_features: pd.DataFrame,
    overlap_pairs: pd.DataFrame,
) -> MediaMixData:
    """One media mix's rows of the feature tables (already checked in SQL) as arrays.

    Overlap pairs that never overlap and baseline features constant over the range (other than
    the intercept) are left out: they carry no information and would make the design singular.
    """
    outcome = outcome_periods.sort_values("ts")
    channels = list(spec.channels)
    features = time_features.pivot(index="ts", columns="feature", values="value").sort_index()
    varying = [name for name in features.columns if features[name].nunique() > 1]
    baseline = np.column_stack([np.ones(len(features)), features[varying].to_numpy(dtype=float)])
    overlap_pairs = overlap_pairs.assign(
        pair=overlap_pairs["channel_a"] + "|" + overlap_pairs["channel_b"]
    )
    totals = overlap_pairs.groupby("pair")["overlap_reach"].sum()
    pairs = sorted(totals.index[totals > 0])
    return MediaMixData(
        ts=outcome["ts"].to_numpy(),
        outcome=outcome["outcome_value"].to_numpy(dtype=float),
        channels=tuple(channels),
        driver=_pivot(channel_periods, "channel", "driver_value", channels),
        spend=_pivot(channel_periods, "channel", "spend", channels),
        baseline=baseline,
        baseline_names=("intercept", *varying),
        pairs=tuple(tuple(pair.split("|")) for pair in pairs),
        overlap=_pivot(overlap_pairs, "pair", "overlap_reach", pairs).reshape(len(outcome), -1),
        hours_per_period=spec.hours_per_period,
    )


def load_media_mixes(
    declared: pd.DataFrame,
    channel_periods: pd.DataFrame,
    outcome_periods: pd.DataFrame,
    time_features: pd.DataFrame,
    overlap_pairs: pd.DataFrame,
) -> list[tuple[MediaMixSpec, MediaMixData]]:
    """(spec, data) of every declared media mix, in name order."""
    loaded = []
    for row in declared.sort_values("media_mix_name").itertuples():
        spec = MediaMixSpec.from_json(row.spec_json)

        def rows(frame: pd.DataFrame, name: str = spec.name) -> pd.DataFrame:
            return frame[frame["media_mix_name"] == name]

        data = media_mix_data(
            spec,
            rows(channel_periods),
            rows(outcome_periods),
            rows(time_features),
            rows(overlap_pairs),
        )
        logger.info(
            "media mix %s: %d periods x %d channels, %d overlap pairs, %d baseline columns",
            spec.name,
            data.n_periods,
            len(data.channels),
            len(data.pairs),
            len(data.baseline_names),
        )
        loaded.append((spec, data))
    return loaded
