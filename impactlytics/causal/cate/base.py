"""The interface every CATE learner shares: fit(X, T, Y, propensity), effect(X),
effect_interval(X) where the learner has one, and out-of-fold effects for model selection."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar

import numpy as np

from impactlytics.causal.cate.nuisance import CateData, CateNuisances, cross_fit_nuisances

EffectFunction = Callable[[np.ndarray], np.ndarray]


class CateLearner(ABC):
    """Conditional average treatment effect tau(x) = E[Y(1) - Y(0) | X = x].

    ``fit`` cross-fits the nuisances (outcome models per arm on the AIPW folds) unless they are
    passed in, so every learner of a study shares them. Learned attributes: ``nuisances_``
    (:class:`CateNuisances`), ``oof_effect_`` (n,) — each unit's tau predicted by a second
    stage fitted on the other folds with nuisances that never saw the unit's fold, so it is
    independent of the unit's own outcome — and the second stage fitted on all units (with
    their out-of-fold nuisances), which :meth:`effect` evaluates.
    """

    name: ClassVar[str]
    has_interval: ClassVar[bool] = False

    def __init__(self, n_folds: int = 5, random_state: int = 0, estimand: str = "ATE") -> None:
        self.n_folds = n_folds
        self.random_state = random_state
        self.estimand = estimand  # whose population the effect is reported for (ATE / ATT)

    def fit(
        self,
        X: np.ndarray,  # noqa: N803 (scikit-learn convention)
        treatment: np.ndarray,
        outcome: np.ndarray,
        propensity: np.ndarray,
        nuisances: CateNuisances | None = None,
    ) -> CateLearner:
        """Fit on X (n, d), treatment (n,) 0/1, outcome (n,) and out-of-fold propensity (n,)."""
        if nuisances is None:
            nuisances = cross_fit_nuisances(
                X, treatment, outcome, propensity, self.n_folds, self.random_state
            )
        self.nuisances_ = nuisances
        self.oof_effect_ = self._out_of_fold(nuisances)
        self.effect_function_ = self._fit_stage(nuisances.data)
        return self

    def effect(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        """tau(x) for each row of X (m, d), shape (m,), in outcome units."""
        return np.asarray(self.effect_function_(np.asarray(X, dtype=float)), dtype=float)

    def effect_interval(
        self,
        X: np.ndarray,  # noqa: N803
        alpha: float = 0.05,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise 1 - alpha interval (lower, upper) of tau(x), each (m,)."""
        raise NotImplementedError(f"{self.name} has no effect interval")

    def _out_of_fold(self, nuisances: CateNuisances) -> np.ndarray:
        """Each unit's tau from a second stage fitted on the other folds."""
        oof = np.empty(nuisances.data.t.size)
        for (_, test), training in zip(nuisances.folds, nuisances.training, strict=True):
            oof[test] = self._fit_stage(training)(nuisances.data.X[test])
        return oof

    @abstractmethod
    def _fit_stage(self, data: CateData) -> EffectFunction:
        """Fit the learner's own models on ``data``; return x -> tau(x)."""
