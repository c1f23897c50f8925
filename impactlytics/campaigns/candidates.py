"""The candidate models: each maps the model inputs to both log1p targets at once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import RidgeCV
from sklearn.multioutput import MultiOutputRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from impactlytics.campaigns.features import OptionEncoder


def random_forest(random_state: int) -> Pipeline:
    """The original system's multi-output random forest, same configuration."""
    forest = RandomForestRegressor(
        n_estimators=100,
        max_depth=10,
        min_samples_split=10,
        min_samples_leaf=4,
        random_state=random_state,
    )
    return Pipeline([("features", OptionEncoder()), ("model", forest)])


def gradient_boosting(random_state: int) -> Pipeline:
    """Histogram gradient boosting, one model per target, fixed number of iterations."""
    boosting = HistGradientBoostingRegressor(
        learning_rate=0.05,
        max_iter=200,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        early_stopping=False,
        random_state=random_state,
    )
    return Pipeline([("features", OptionEncoder()), ("model", MultiOutputRegressor(boosting))])


def ridge_interactions(random_state: int) -> Pipeline:
    """Ridge regression on all pairwise interactions and squares of the inputs, penalty chosen
    per target by efficient leave-one-out CV (deterministic; `random_state` is unused)."""
    ridge = RidgeCV(alphas=np.logspace(-3, 3, 25), alpha_per_target=True)
    return Pipeline(
        [
            ("features", OptionEncoder()),
            ("interactions", PolynomialFeatures(degree=2, include_bias=False)),
            ("scale", StandardScaler()),
            ("model", ridge),
        ]
    )


CANDIDATES: dict[str, Callable[[int], RegressorMixin]] = {
    "random_forest": random_forest,
    "gradient_boosting": gradient_boosting,
    "ridge_interactions": ridge_interactions,
}
"""Candidate name -> factory(random_state) of an unfitted two-output regressor."""


def make_candidate(name: str, random_state: int) -> RegressorMixin:
    """An unfitted candidate by name; raises ValueError naming the known candidates."""
    try:
        return CANDIDATES[name](random_state)
    except KeyError:
        raise ValueError(f"unknown model {name!r}; known models: {', '.join(CANDIDATES)}") from None
