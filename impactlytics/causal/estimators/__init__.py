"""Treatment-effect estimators and their registry."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.estimators.aipw import AIPW
from impactlytics.causal.estimators.base import CausalEstimator
from impactlytics.causal.estimators.difference_in_means import DifferenceInMeans
from impactlytics.causal.estimators.ipw import IPW
from impactlytics.causal.estimators.matching import PSMatching
from impactlytics.causal.estimators.regression_adjustment import RegressionAdjustment
from impactlytics.causal.estimators.stratification import PSStratification
from impactlytics.causal.results import EffectResult, check_estimand

ESTIMATORS: dict[str, type[CausalEstimator]] = {
    cls.name: cls
    for cls in (
        DifferenceInMeans,
        RegressionAdjustment,
        IPW,
        AIPW,
        PSMatching,
        PSStratification,
    )
}


def make_estimator(
    name: str,
    estimand: str = "ATE",
    alpha: float = 0.05,
    random_state: int = 0,
    propensity_model: str | None = None,
) -> CausalEstimator:
    """The registered estimator ``name`` with default hyper-parameters; ``propensity_model``
    names the model that produced the propensity it will be given (see :class:`IPW`)."""
    options = {IPW.name: {"propensity_model": propensity_model}}
    return ESTIMATORS[name](
        estimand=estimand, alpha=alpha, random_state=random_state, **options.get(name, {})
    )


def estimate_all(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    propensity: np.ndarray,
    propensity_full_fit: np.ndarray | None = None,
    propensity_model: str | None = None,
    estimand: str = "ATE",
    alpha: float = 0.05,
    random_state: int = 0,
) -> list[EffectResult]:
    """Fit every registered estimator with default hyper-parameters, in registry order.

    ``propensity`` (n,) is the cross-fitted score (AIPW); ``propensity_full_fit`` (n,) the
    in-sample estimated score for the other estimators (defaults to ``propensity``);
    ``propensity_model`` names the model that produced it (see :class:`IPW`).
    """
    check_estimand(estimand)
    full_fit = propensity if propensity_full_fit is None else propensity_full_fit
    return [
        make_estimator(name, estimand, alpha, random_state, propensity_model)
        .fit(X, treatment, outcome, propensity if cls.needs_cross_fitted_propensity else full_fit)
        .result_
        for name, cls in ESTIMATORS.items()
    ]


__all__ = [
    "AIPW",
    "ESTIMATORS",
    "IPW",
    "CausalEstimator",
    "DifferenceInMeans",
    "PSMatching",
    "PSStratification",
    "RegressionAdjustment",
    "estimate_all",
    "make_estimator",
]
