"""Cross-fitted nuisances shared by every CATE learner: the study's propensity, the AIPW outcome
models per arm, the folds they were fitted on, and per fold the nuisances of its training units
fitted without that fold."""

from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

import numpy as np
from sklearn.base import clone

from impactlytics.causal.estimators.aipw import AIPW, ate_scores, default_outcome_model
from impactlytics.causal.estimators.base import validate_inputs

Folds = tuple[tuple[np.ndarray, np.ndarray], ...]


class CateData(NamedTuple):
    """X (n, d), t (n,) 0/1, y (n,), the propensity e (n,) and out-of-fold mu0, mu1 (n,)."""

    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    e: np.ndarray
    mu0: np.ndarray
    mu1: np.ndarray

    def rows(self, index: np.ndarray) -> CateData:
        """The same data restricted to ``index``."""
        return CateData(*(column[index] for column in self))

    @property
    def m(self) -> np.ndarray:
        """E[Y | X] = e mu1 + (1 - e) mu0, shape (n,)."""
        return self.e * self.mu1 + (1 - self.e) * self.mu0

    @property
    def y_residual(self) -> np.ndarray:
        """Y - m(X), shape (n,)."""
        return self.y - self.m

    @property
    def t_residual(self) -> np.ndarray:
        """T - e(X), shape (n,)."""
        return self.t - self.e

    @property
    def pseudo_outcome(self) -> np.ndarray:
        """Doubly robust pseudo-outcome of tau(x_i): the unit's AIPW score, shape (n,)."""
        return ate_scores(self.t, self.y, self.e, self.mu0, self.mu1)


class CateNuisances(NamedTuple):
    """``data``: every unit with its out-of-fold nuisances (what held-out losses and AIPW
    scores use); ``folds``; ``training[k]``: the units outside fold k, each with outcome models
    fitted on neither fold k nor its own fold. A second stage trained on ``training[k]`` has
    never seen fold k's outcomes, so its predictions there are honest out-of-fold CATEs."""

    data: CateData
    folds: Folds
    training: tuple[CateData, ...]


def _without_fold_pairs(data: CateData, folds: Folds, random_state: int) -> list[CateData]:
    """Per fold k, its training units with mu0, mu1 from models fitted without fold k and the
    unit's own fold: one model per arm and pair of folds (K (K - 1) / 2 pairs)."""
    k_folds = len(folds)
    mu = np.empty((k_folds, 2, data.t.size))  # mu[k, arm] on units outside fold k
    template = default_outcome_model(random_state)
    for first, second in combinations(range(k_folds), 2):
        held_out = np.concatenate([folds[first][1], folds[second][1]])
        train = np.setdiff1d(np.arange(data.t.size), held_out)
        for arm in (0, 1):
            rows = train[data.t[train] == arm]
            model = clone(template).fit(data.X[rows], data.y[rows])
            for fold, other in ((first, second), (second, first)):
                mu[fold, arm, folds[other][1]] = model.predict(data.X[folds[other][1]])
    return [
        data.rows(train)._replace(mu0=mu[k, 0, train], mu1=mu[k, 1, train])
        for k, (train, _) in enumerate(folds)
    ]


def cross_fit_nuisances(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    propensity: np.ndarray,
    n_folds: int = 5,
    random_state: int = 0,
) -> CateNuisances:
    """Out-of-fold outcome models per arm exactly as :class:`AIPW` fits them (same folds, same
    models), and the fold-wise training nuisances; ``propensity`` should be out-of-fold."""
    data = validate_inputs(X, treatment, outcome, propensity)
    aipw = AIPW(n_folds=n_folds, random_state=random_state)
    mu = aipw.cross_fit(data, (0, 1))
    cate_data = CateData(data.X, data.t, data.y, data.e, mu[0], mu[1])
    folds = tuple(aipw.folds_)
    training = _without_fold_pairs(cate_data, folds, random_state)
    return CateNuisances(cate_data, folds, tuple(training))
