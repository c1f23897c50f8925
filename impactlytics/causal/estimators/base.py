"""Common interface of the treatment-effect estimators."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, NamedTuple

import numpy as np

from impactlytics.causal.propensity import check_propensity, check_treatment
from impactlytics.causal.results import EffectResult, check_estimand, normal_inference


class EffectData(NamedTuple):
    """Validated inputs: X (n, d) float, t (n,) int8 0/1, y (n,) float, e (n,) in (0, 1)."""

    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    e: np.ndarray


class EffectEstimate(NamedTuple):
    """Point estimate and standard error (outcome units) plus a one-line method description."""

    estimate: float
    std_error: float
    method: str


def validate_inputs(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    propensity: np.ndarray,
) -> EffectData:
    """Check shapes/values; require at least 2 finite-outcome units in each arm."""
    t = check_treatment(treatment)
    n = t.size
    x = np.asarray(X, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != n:
        raise ValueError(f"X must have shape ({n}, d), got {x.shape}")
    y = np.asarray(outcome, dtype=float)
    if y.shape != (n,):
        raise ValueError(f"outcome must have shape ({n},), got {y.shape}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("X and outcome must be finite")
    e = check_propensity(propensity, n)
    n_treated = int(t.sum())
    if min(n_treated, n - n_treated) < 2:
        raise ValueError("need at least 2 treated and 2 control units")
    return EffectData(x, t, y, e)


class CausalEstimator(ABC):
    """Base class: validates inputs, calls :meth:`_estimate`, builds ``result_``.

    Subclasses set ``name`` and implement ``_estimate(data) -> EffectEstimate``. Estimators
    whose theory needs out-of-fold nuisances (AIPW) set ``needs_cross_fitted_propensity``; the
    others expect the in-sample estimated score (see :class:`PropensityModel`).
    """

    name: ClassVar[str]
    needs_cross_fitted_propensity: ClassVar[bool] = False

    def __init__(self, estimand: str = "ATE", alpha: float = 0.05, random_state: int = 0):
        self.estimand = check_estimand(estimand)
        self.alpha = alpha
        self.random_state = random_state

    def fit(
        self,
        X: np.ndarray,  # noqa: N803 (scikit-learn convention)
        treatment: np.ndarray,
        outcome: np.ndarray,
        propensity: np.ndarray,
    ) -> CausalEstimator:
        """Estimate the effect. X (n, d), treatment (n,) 0/1, outcome (n,), propensity (n,)."""
        check_estimand(self.estimand)
        data = validate_inputs(X, treatment, outcome, propensity)
        est = self._estimate(data)
        ci_lower, ci_upper, p_value = normal_inference(est.estimate, est.std_error, self.alpha)
        n_treated = int(data.t.sum())
        self.result_ = EffectResult(
            estimator=self.name,
            estimand=self.estimand,
            estimate=float(est.estimate),
            std_error=float(est.std_error),
            ci_lower=ci_lower,
            ci_upper=ci_upper,
            p_value=p_value,
            n_treated=n_treated,
            n_control=int(data.t.size - n_treated),
            method=est.method,
        )
        return self

    @abstractmethod
    def _estimate(self, data: EffectData) -> EffectEstimate:
        """Return the point estimate, its standard error and the method description."""
