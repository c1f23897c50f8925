"""Additive spline features: let linear-in-features models follow smooth per-covariate shapes."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import QuantileTransformer, SplineTransformer


class AdditiveSplineFeatures(TransformerMixin, BaseEstimator):
    """Expand every many-valued column of X into a cubic B-spline basis of its empirical CDF.

    Each column is first mapped to its rank scale in [0, 1] (so heavy tails carry no leverage),
    then expanded into ``n_knots + degree - 2`` cubic B-splines with uniform knots. Columns with
    fewer than ``min_unique`` distinct values (indicators, small counts) pass through unchanged.
    A logistic or linear model on these features is an additive model, so it adapts to skewed
    covariates (e.g. log-shaped effects of follower counts) that a model linear in the raw
    columns gets wrong. Values outside the training range map to the boundary.

    Learned: ``splines_`` (column index -> fitted rank + spline pipeline), ``n_features_in_``.
    """

    def __init__(self, n_knots: int = 5, degree: int = 3, min_unique: int = 10) -> None:
        self.n_knots = n_knots
        self.degree = degree
        self.min_unique = min_unique

    def fit(self, X: np.ndarray, y: np.ndarray | None = None) -> AdditiveSplineFeatures:  # noqa: N803
        x = np.asarray(X, dtype=float)
        self.n_features_in_ = x.shape[1]
        self.splines_: dict[int, Pipeline] = {}
        for j in range(x.shape[1]):
            column = x[:, [j]]
            if len(np.unique(column)) < self.min_unique:
                continue
            self.splines_[j] = make_pipeline(
                QuantileTransformer(n_quantiles=min(1000, len(column)), subsample=None),
                SplineTransformer(
                    n_knots=self.n_knots,
                    degree=self.degree,
                    knots="uniform",
                    extrapolation="constant",
                    include_bias=False,
                ),
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
