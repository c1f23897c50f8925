"""Causal forest (Athey, Tibshirani & Wager 2019) on the shared residualised data."""

from __future__ import annotations

import numpy as np
from econml.grf import CausalForest

from impactlytics.causal.cate.base import CateLearner, EffectFunction
from impactlytics.causal.cate.nuisance import CateData


class CausalForestLearner(CateLearner):
    """econml's generalized random forest solving E[(Y - m - tau(x)(T - e))(T - e) | x] = 0,
    the final stage of CausalForestDML, fed the study's own cross-fitted nuisances instead of
    refitting them. Honest trees; intervals from the forest's bootstrap-of-little-bags variance.
    Each tree draws 45% of the units, at most ``max_tree_samples``, which bounds the cost on
    large studies.
    """

    name = "causal_forest"
    has_interval = True

    def __init__(
        self,
        n_folds: int = 5,
        random_state: int = 0,
        estimand: str = "ATE",
        n_estimators: int = 60,
        min_samples_leaf: int = 10,
        max_tree_samples: int = 10_000,
    ) -> None:
        super().__init__(n_folds=n_folds, random_state=random_state, estimand=estimand)
        self.n_estimators = n_estimators
        self.min_samples_leaf = min_samples_leaf
        self.max_tree_samples = max_tree_samples

    def _forest(self, data: CateData) -> CausalForest:
        forest = CausalForest(
            n_estimators=self.n_estimators,
            min_samples_leaf=self.min_samples_leaf,
            max_samples=min(0.45, self.max_tree_samples / data.t.size),
            n_jobs=1,
            random_state=self.random_state,
        )
        return forest.fit(data.X, data.t_residual, data.y_residual)

    def _fit_stage(self, data: CateData) -> EffectFunction:
        forest = self._forest(data)
        self.forest_ = forest  # the last fit is the one on all units, used for intervals
        return lambda x: forest.predict(x).ravel()

    def effect_interval(
        self,
        X: np.ndarray,  # noqa: N803
        alpha: float = 0.05,
    ) -> tuple[np.ndarray, np.ndarray]:
        lower, upper = self.forest_.predict_interval(np.asarray(X, dtype=float), alpha=alpha)
        return lower.ravel(), upper.ravel()
