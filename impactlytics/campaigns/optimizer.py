"""Budget optimizer: split a total budget across planned campaigns to maximize a predicted total.

The budget is cut into `n_steps` equal steps and dynamic programming finds the allocation that
maximizes the sum of the campaigns' predicted outcomes exactly on that grid, whatever the shape
of the response curves (the tree models' curves are step functions, not concave).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from impactlytics.campaigns.features import OPTION_COLUMNS, TARGETS
from impactlytics.campaigns.forecasts import forecast_frame
from impactlytics.campaigns.predictor import CampaignPredictor

DEFAULT_STEPS = 200


def allocate_budget(curves: np.ndarray, min_steps: np.ndarray, max_steps: np.ndarray) -> np.ndarray:
    """Steps per campaign, summing to `curves.shape[1] - 1`, that maximize the sum of
    `curves[i, steps[i]]` with `min_steps[i] <= steps[i] <= max_steps[i]`.

    `curves` has shape (k, n_steps + 1): campaign i's value when given s steps. Raises ValueError
    when the bounds cannot sum to n_steps. Ties go to the allocation found first (fewer steps
    to earlier campaigns).
    """
    k, width = curves.shape
    n_steps = width - 1
    if min_steps.sum() > n_steps or max_steps.sum() < n_steps or (min_steps > max_steps).any():
        raise ValueError("the minimum and maximum shares cannot add up to the whole budget")
    best = np.full(width, -np.inf)
    best[0] = 0.0
    choice = np.zeros((k, width), dtype=np.int64)
    for i in range(k):
        extended = np.full(width, -np.inf)
        for steps in range(int(min_steps[i]), int(max_steps[i]) + 1):
            candidate = np.full(width, -np.inf)
            candidate[steps:] = best[: width - steps] + curves[i, steps]
            better = candidate > extended
            extended[better] = candidate[better]
            choice[i, better] = steps
        best = extended
    allocation = np.zeros(k, dtype=np.int64)
    remaining = n_steps
    for i in reversed(range(k)):
        allocation[i] = choice[i, remaining]
        remaining -= allocation[i]
    return allocation


def optimize_plan(
    predictor: CampaignPredictor,
    plans: pd.DataFrame,
    total_budget: float,
    target: str,
    n_steps: int = DEFAULT_STEPS,
) -> pd.DataFrame:
    """The allocation of `total_budget` over `plans` (options, min_share, max_share, shares in
    [0, 1]) maximizing the total predicted `target`; every campaign gets at least one step.

    Returns the forecast frame of the allocated plans with a `share` column first.
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")
    k = len(plans)
    levels = np.arange(n_steps + 1)
    candidates = plans.loc[plans.index.repeat(n_steps + 1), list(OPTION_COLUMNS)]
    candidates = candidates.assign(total_spend=np.tile(levels * total_budget / n_steps, k))
    curves = (
        forecast_frame(predictor, candidates)[f"predicted_{target}"]
        .to_numpy(dtype=np.float64)
        .reshape(k, n_steps + 1)
    )
    min_steps = np.array([max(1, math.ceil(s * n_steps - 1e-9)) for s in plans["min_share"]])
    max_steps = np.array([math.floor(s * n_steps + 1e-9) for s in plans["max_share"]])
    shares = allocate_budget(curves, min_steps, max_steps) / n_steps
    allocated = plans[list(OPTION_COLUMNS)].reset_index(drop=True)
    allocated["total_spend"] = shares * total_budget
    return pd.concat(
        [pd.DataFrame({"share": shares}), forecast_frame(predictor, allocated)], axis=1
    )
