"""Moving-block bootstrap of the fit: intervals that keep the outcome's serial dependence.

Each draw resamples ceil(n / L) blocks of L consecutive periods with replacement; a period's
weight is the number of drawn blocks covering it, and the model is refitted with those weights
(carryover still runs over the contiguous series), warm-started at the point fit.
"""

from __future__ import annotations

import logging

import numpy as np

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.model import MediaMixFit, fit_media_mix

logger = logging.getLogger(__name__)

INTERVAL_LEVEL = 0.9
REFIT_EVALUATIONS = 40  # a warm-started refit converges in far fewer; caps a rare slow one


def block_weights(n: int, block_length: int, rng: np.random.Generator) -> np.ndarray:
    """(n,) multiplicities of one moving-block resample of n periods."""
    block_length = max(1, min(block_length, n))
    starts = rng.integers(0, n - block_length + 1, size=-(-n // block_length))
    coverage = np.zeros(n + 1)
    np.add.at(coverage, starts, 1.0)
    np.add.at(coverage, starts + block_length, -1.0)
    return np.cumsum(coverage)[:n]


def bootstrap_fits(
    data: MediaMixData,
    point: MediaMixFit,
    draws: int,
    block_length: int,
    random_state: int,
) -> list[MediaMixFit]:
    """``draws`` refits on block-bootstrap weights, deterministic given ``random_state``."""
    rng = np.random.default_rng(random_state)
    fits = []
    for draw in range(draws):
        weights = block_weights(data.n_periods, block_length, rng)
        fits.append(
            fit_media_mix(
                data,
                point.carryover,
                weights=weights,
                start=point,
                max_evaluations=REFIT_EVALUATIONS,
            )
        )
        if (draw + 1) % 25 == 0:
            logger.info("bootstrap draw %d of %d", draw + 1, draws)
    return fits


def percentile_interval(values: np.ndarray, level: float = INTERVAL_LEVEL) -> np.ndarray:
    """(lower, upper) percentile interval over the first axis (the bootstrap draws)."""
    tail = (1.0 - level) / 2.0
    return np.nanquantile(values, [tail, 1.0 - tail], axis=0)
