"""Every requested CATE learner on one study x outcome, scored and chosen without ground truth."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from impactlytics.causal.cate.base import CateLearner
from impactlytics.causal.cate.ensemble import StackedEnsemble
from impactlytics.causal.cate.forest import CausalForestLearner
from impactlytics.causal.cate.metalearners import (
    ConstantEffect,
    DRLearner,
    RLearner,
    SLearner,
    TLearner,
    XLearner,
)
from impactlytics.causal.cate.neural import TARNetLearner
from impactlytics.causal.cate.nuisance import CateData, cross_fit_nuisances
from impactlytics.causal.cate.selection import dr_loss, r_loss, select_by_r_loss

logger = logging.getLogger(__name__)

CATE_LEARNERS: dict[str, type[CateLearner]] = {
    learner.name: learner
    for learner in (
        SLearner,
        TLearner,
        XLearner,
        DRLearner,
        RLearner,
        CausalForestLearner,
        TARNetLearner,
        ConstantEffect,
    )
}


@dataclass(frozen=True)
class CateFit:
    """Fitted learners (the stacked ensemble included when two or more ran), their held-out
    R-loss and DR loss, the learner chosen by R-loss and the shared nuisances."""

    learners: dict[str, CateLearner | StackedEnsemble]
    r_loss: dict[str, float]
    dr_loss: dict[str, float]
    selected: str
    data: CateData

    @property
    def ensemble_weights(self) -> dict[str, float]:
        """Stacking weight of each member learner (empty without an ensemble)."""
        ensemble = self.learners.get(StackedEnsemble.name)
        return ensemble.weights_ if ensemble is not None else {}


def fit_cate(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    propensity: np.ndarray,
    learners: Sequence[str] = tuple(CATE_LEARNERS),
    n_folds: int = 5,
    random_state: int = 0,
    label: str = "cate",
    estimand: str = "ATE",
) -> CateFit:
    """Cross-fit the nuisances once, fit every learner in ``learners`` on them, add the
    stacked ensemble, and choose the smallest held-out R-loss over the estimand's population
    (every unit for the ATE, the treated for the ATT), whose CATE is reported."""
    unknown = sorted(set(learners) - set(CATE_LEARNERS))
    if unknown or not learners:
        raise ValueError(f"unknown CATE learners {unknown}; choose from {sorted(CATE_LEARNERS)}")
    nuisances = cross_fit_nuisances(X, treatment, outcome, propensity, n_folds, random_state)
    data = nuisances.data
    target = data.t == 1 if estimand == "ATT" else None
    fitted: dict[str, CateLearner | StackedEnsemble] = {}
    for name in learners:
        logger.info("%s: fitting %s", label, name)
        learner = CATE_LEARNERS[name](n_folds=n_folds, random_state=random_state, estimand=estimand)
        fitted[name] = learner.fit(data.X, data.t, data.y, data.e, nuisances=nuisances)
    if len(fitted) > 1:
        members = [fitted[name] for name in learners]
        ensemble = StackedEnsemble(members).fit(data, nuisances.folds, target)
        fitted[StackedEnsemble.name] = ensemble
    r_losses = {name: r_loss(data, fit.oof_effect_, target) for name, fit in fitted.items()}
    dr_losses = {name: dr_loss(data, fit.oof_effect_, target) for name, fit in fitted.items()}
    selected = select_by_r_loss(r_losses)
    logger.info("%s: selected %s (held-out R-loss %.6g)", label, selected, r_losses[selected])
    return CateFit(fitted, r_losses, dr_losses, selected, data)
