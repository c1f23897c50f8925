"""Held-out accuracy and interval metrics per target, and the tree-variance interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.metrics import r2_score
from sklearn.pipeline import Pipeline

from impactlytics.campaigns.features import TARGETS


def target_metrics(
    observed: np.ndarray,
    predicted: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> list[dict]:
    """One dict per target of `TARGETS` from count-scale arrays of shape (n, 2).

    r2 is on the log1p scale (the model's; the scale where the simulator's best achievable R² is
    known); mae and rmse are in counts; mape is the mean of |y - prediction| / max(y, 1), a
    fraction; interval_coverage is the share of observations inside [lower, upper] and
    interval_width the median of upper - lower, in counts.
    """
    rows = []
    for j, target in enumerate(TARGETS):
        y, f = observed[:, j], predicted[:, j]
        error = y - f
        rows.append(
            {
                "target": target,
                "r2": float(r2_score(np.log1p(y), np.log1p(f))),
                "mae": float(np.mean(np.abs(error))),
                "rmse": float(np.sqrt(np.mean(error**2))),
                "mape": float(np.mean(np.abs(error) / np.maximum(y, 1.0))),
                "interval_coverage": float(np.mean((lower[:, j] <= y) & (y <= upper[:, j]))),
                "interval_width": float(np.median(upper[:, j] - lower[:, j])),
            }
        )
    return rows


def tree_variance_interval(
    forest_pipeline: Pipeline,
    X: pd.DataFrame,  # noqa: N803 (scikit-learn convention)
    level: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The original system's interval: mean ± z * sd of the trees' count-scale predictions.

    `forest_pipeline` is a fitted features -> RandomForestRegressor pipeline on log1p targets.
    Returns (prediction, lower, upper), each shape (n, 2) in counts, the prediction being the
    back-transformed forest prediction and the lower bound clipped at 0. The spread of the trees
    measures how much the fit varies, not how much outcomes do, so it has no coverage guarantee.
    """
    features = forest_pipeline[:-1].transform(X)
    forest = forest_pipeline[-1]
    per_tree = np.stack([np.expm1(tree.predict(features)) for tree in forest.estimators_])
    spread = norm.ppf(0.5 + level / 2) * per_tree.std(axis=0)
    prediction = np.expm1(forest.predict(features))
    return prediction, np.maximum(prediction - spread, 0.0), prediction + spread
