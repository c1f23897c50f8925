"""Additive spline features: let linear-in-features models follow smooth monotone shapes."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import SplineTransformer


class AdditiveSplineFeatures(TransformerMixin, BaseEstimator):
    """Expand every many-valued column of X into a cubic B-spline basis with quantile knots.

    Columns with fewer than ``min_unique`` distinct values (indicators, small counts) pass
    through unchanged. A logistic or linear model on these features is an additive model, so it
    adapts to skewed covariates (e.g. log-shaped effects of follower counts) that a model linear
    in the raw columns gets wrong. Splines extrapolate linearly beyond the training range.

    Learned: ``splines_`` (column index -> fitted SplineTransformer), ``n_features_in_``.
    Output shape: (n, passthrough columns + (knots + degree - 2) per expanded column).
    """

    def __init__(self, n_knots: int = 5, degree: int = 3, min_unique: int = 10) -> None:
        self.n_knots = n_knots
        self.degree = degree
        self.min_unique = min_unique

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> AdditiveSplineFeatures:  # noqa: N803
        x = np.asarray(X, dtype=float)
        self.n_features_in_ = x.shape[1]
        self.splines_: dict[int, SplineTransformer] = {}
        for j in range(x.shape[1]):
            column = x[:, [j]]
            knots = np.unique(np.quantile(column, np.linspace(0, 1, self.n_knots)))
            if len(np.unique(column)) < self.min_unique or len(knots) < 3:
                continue
            self.splines_[j] = SplineTransformer(
                knots=knots[:, None],
                degree=self.degree,
                extrapolation="linear",
                include_bias=False,
            ).fit(column)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        x = np.asarray(X, dtype=float)
        if x.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {x.shape[1]} columns, expected {self.n_features_in_}")
        blocks = [
            self.splines_[j].transform(x[:, [j]]) if j in self.splines_ else x[:, [j]]
            for j in range(x.shape[1])
        ]
        return np.hstack(blocks)
