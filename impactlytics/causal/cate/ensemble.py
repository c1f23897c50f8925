"""Stacked ensemble of fitted CATE learners with non-negative weights chosen by the R-loss."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import nnls

from impactlytics.causal.cate.base import CateLearner
from impactlytics.causal.cate.nuisance import CateData, Folds


def r_loss_weights(data: CateData, effects: np.ndarray) -> np.ndarray:
    """w >= 0 minimising the R-loss of ``effects @ w``; effects (n, k) -> weights (k,)."""
    weights, _ = nnls(effects * data.t_residual[:, None], data.y_residual)
    return weights


class StackedEnsemble:
    """tau(x) = sum_j w_j tau_j(x) over already fitted learners, w >= 0 fitted by NNLS on their
    out-of-fold effects. ``oof_effect_`` uses weights fitted on the other folds only, so the
    ensemble's held-out loss is as honest as each member's. Learned: ``weights_`` (name -> w)."""

    name = "stacked_ensemble"
    has_interval = False

    def __init__(self, learners: Sequence[CateLearner]) -> None:
        self.learners = learners

    def fit(
        self, data: CateData, folds: Folds, target: np.ndarray | None = None
    ) -> StackedEnsemble:
        """Fit the weights on the learners' out-of-fold effects (n, k) of the ``target`` units
        (default all: the R-loss the ensemble is selected by)."""
        effects = np.column_stack([learner.oof_effect_ for learner in self.learners])
        target = np.ones(data.t.size, dtype=bool) if target is None else target
        self.oof_effect_ = np.empty(data.t.size)
        for train, test in folds:
            rows = train[target[train]]
            weights = r_loss_weights(data.rows(rows), effects[rows])
            self.oof_effect_[test] = effects[test] @ weights
        weights = r_loss_weights(data.rows(np.flatnonzero(target)), effects[target])
        names = [learner.name for learner in self.learners]
        self.weights_ = dict(zip(names, weights.tolist(), strict=True))
        return self

    def effect(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        """Weighted sum of the members' effects, shape (m,)."""
        total = np.zeros(len(X))
        for learner in self.learners:
            if self.weights_[learner.name] > 0:
                total += self.weights_[learner.name] * learner.effect(X)
        return total
