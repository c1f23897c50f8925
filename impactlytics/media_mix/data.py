"""One media mix's modelling data as arrays: the outcome, per-channel drivers and spend, the
baseline design (trend, Fourier terms, calendar and declared controls) and the pairwise overlap."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class MediaMixData:
    """Arrays over n periods of one media mix, in time order.

    Attributes
    ----------
    ts : (n,) datetime64 period starts.
    outcome : (n,) outcome per period.
    channels : the C channel names; ``driver`` and ``spend`` are (n, C).
    driver : the metric that carries over and saturates (spend, impressions or reach).
    spend : spend per period, the denominator of ROI.
    baseline : (n, p) baseline columns named by ``baseline_names`` (the first is the intercept).
    pairs : the P unordered channel pairs (a, b), a < b; ``overlap`` (n, P) their overlap reach.
    hours_per_period : 1 (hour grain) or 24 (day grain).
    """

    ts: np.ndarray
    outcome: np.ndarray
    channels: tuple[str, ...]
    driver: np.ndarray
    spend: np.ndarray
    baseline: np.ndarray
    baseline_names: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    overlap: np.ndarray
    hours_per_period: int

    @property
    def n_periods(self) -> int:
        return len(self.outcome)

    def pair_channels(self) -> np.ndarray:
        """(P, 2) channel indices of each overlap pair."""
        index = {channel: i for i, channel in enumerate(self.channels)}
        return np.array([[index[a], index[b]] for a, b in self.pairs], dtype=int).reshape(-1, 2)

    def scaled(self, multipliers: np.ndarray) -> MediaMixData:
        """The data with channel c's driver and spend scaled by ``multipliers[c]`` and each
        pair's overlap by the product of its two channels' multipliers (overlapping audiences
        scale with both reaches)."""
        multipliers = np.asarray(multipliers, dtype=float)
        pair_index = self.pair_channels()
        pair_factor = multipliers[pair_index[:, 0]] * multipliers[pair_index[:, 1]]
        return replace(
            self,
            driver=self.driver * multipliers,
            spend=self.spend * multipliers,
            overlap=self.overlap * pair_factor,
        )
