"""Cross-fitted nuisances shared by every CATE learner: the study's propensity, outcome models per
arm (super learners, :mod:`impactlytics.causal.cate.outcome_models`) on the AIPW folds, and per
fold the nuisances of its training units fitted without that fold."""

from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

import numpy as np
from sklearn.base import RegressorMixin, clone

from impactlytics.causal.cate.outcome_models import convex_weights, outcome_library
from impactlytics.causal.estimators.aipw import AIPW, ate_scores
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
    never seen fold k's outcomes, so its predictions there are honest out-of-fold CATEs.
    ``outcome_weights[arm]``: the super learner's weights of :func:`outcome_library` for that
    arm over every unit, for outcome models fitted on all of them (the T-learner)."""

    data: CateData
    folds: Folds
    training: tuple[CateData, ...]
    outcome_weights: tuple[np.ndarray, np.ndarray]


def _member_fold_pairs(data: CateData, folds: Folds, template: RegressorMixin) -> np.ndarray:
    """mu[k, arm] (K, 2, n) on the units outside fold k from ``template`` fitted without fold
    k and the unit's own fold: one model per arm and pair of folds (K (K - 1) / 2 pairs)."""
    k_folds = len(folds)
    mu = np.full((k_folds, 2, data.t.size), np.nan)
    for first, second in combinations(range(k_folds), 2):
        held_out = np.concatenate([folds[first][1], folds[second][1]])
        train = np.setdiff1d(np.arange(data.t.size), held_out)
        for arm in (0, 1):
            rows = train[data.t[train] == arm]
            model = clone(template).fit(data.X[rows], data.y[rows])
            for fold, other in ((first, second), (second, first)):
                mu[fold, arm, folds[other][1]] = model.predict(data.X[folds[other][1]])
    return mu


def cross_fit_nuisances(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    propensity: np.ndarray,
    n_folds: int = 5,
    random_state: int = 0,
) -> CateNuisances:
    """Out-of-fold outcome models per arm on :class:`AIPW`'s folds, each a super learner of
    :func:`outcome_library`, and the fold-wise training nuisances; ``propensity`` should be
    out-of-fold.

    Every library member is cross-fitted on the folds and, per fold k, on every pair of folds
    (k and another). The weights used for fold k — for its units' out-of-fold predictions and
    for the training nuisances of the units outside it — are fitted on the units outside fold k
    from the pair models' predictions, which never saw fold k: so no nuisance of a unit in fold
    k, nor any second stage trained for fold k, depends on fold k's outcomes.
    """
    data = validate_inputs(X, treatment, outcome, propensity)
    library = outcome_library(random_state, data.X.shape[1])
    members, pairs, folds = [], [], None
    for template in library:
        aipw = AIPW(n_folds=n_folds, random_state=random_state, outcome_model=template)
        mu = aipw.cross_fit(data, (0, 1))
        folds = tuple(aipw.folds_)
        members.append(np.stack([mu[0], mu[1]]))  # (2, n)
        plain = CateData(data.X, data.t, data.y, data.e, mu[0], mu[1])
        pairs.append(_member_fold_pairs(plain, folds, template))  # (K, 2, n)
    members_, pairs_ = (
        np.stack(members, axis=-1),
        np.stack(pairs, axis=-1),
    )  # (2, n, J), (K, 2, n, J)
    mu_oof = np.empty((2, data.t.size))
    training = []
    for k, (train, test) in enumerate(folds):
        fold_mu = []
        for arm in (0, 1):
            rows = train[data.t[train] == arm]
            weights = convex_weights(pairs_[k, arm, rows], data.y[rows])
            mu_oof[arm, test] = members_[arm, test] @ weights
            fold_mu.append(pairs_[k, arm, train] @ weights)
        training.append(
            CateData(data.X, data.t, data.y, data.e, mu_oof[0], mu_oof[1])
            .rows(train)
            ._replace(mu0=fold_mu[0], mu1=fold_mu[1])
        )
    weights = tuple(
        convex_weights(members_[arm, data.t == arm], data.y[data.t == arm]) for arm in (0, 1)
    )
    cate_data = CateData(data.X, data.t, data.y, data.e, mu_oof[0], mu_oof[1])
    return CateNuisances(cate_data, folds, tuple(training), weights)
