"""Time-slice cross-validation of model candidates: train on the past, validate on what follows.

The last ``validation_share`` of the periods is cut into ``n_folds`` consecutive blocks; fold k
trains on every period before its block (an expanding window) and predicts the block with the
observed media, so carryover into the block is known and only the baseline is extrapolated.
"""

from __future__ import annotations

import numpy as np

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.model import Candidate, fit_media_mix

VALIDATION_SHARE = 0.25


def time_slices(n: int, n_folds: int, validation_share: float = VALIDATION_SHARE) -> list[range]:
    """The validation blocks, consecutive and of (nearly) equal length, ending at period n."""
    start = int(round(n * (1.0 - validation_share)))
    edges = np.linspace(start, n, n_folds + 1).round().astype(int)
    return [range(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True)]


def error_metrics(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """RMSE, MAE and MAPE (mean |error| / mean |actual|, so zero outcomes do no harm)."""
    error = predicted - actual
    return {
        "rmse": float(np.sqrt(np.mean(error**2))),
        "mae": float(np.mean(np.abs(error))),
        "mape": float(np.mean(np.abs(error)) / np.mean(np.abs(actual))),
    }


def cross_validate(data: MediaMixData, candidates: list[Candidate], n_folds: int) -> list[dict]:
    """One row per candidate × fold: sizes and validation errors."""
    rows = []
    for block in time_slices(data.n_periods, n_folds):
        weights = np.zeros(data.n_periods)
        weights[: block.start] = 1.0
        for candidate in candidates:
            fit = fit_media_mix(data, candidate.carryover, weights=weights)
            predicted = fit.predict(data)[block.start : block.stop]
            rows.append(
                {
                    "candidate": candidate.name,
                    "carryover": candidate.carryover,
                    "fold": len(rows) // len(candidates) + 1,
                    "train_periods": block.start,
                    "validation_periods": len(block),
                    **error_metrics(data.outcome[block.start : block.stop], predicted),
                }
            )
    return rows
