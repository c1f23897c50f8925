"""Hajek (normalized) inverse-probability weighting estimator."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate
from impactlytics.causal.propensity import logistic_score_design
from impactlytics.causal.weights import ipw_weights


def hajek_influence(
    y: np.ndarray, t: np.ndarray, e: np.ndarray, estimand: str, z: np.ndarray | None = None
) -> tuple[float, np.ndarray]:
    """Hajek IPW estimate and its influence function, shape (n,).

    Weights from :func:`ipw_weights` (ATE or ATT). With ``z`` (n, p), the
    design of a logistic propensity e = expit(z b) fitted by maximum likelihood, the estimation
    of b is stacked into the M-estimator: psi += S_i H^+ G with S_i = z_i (T_i - e_i),
    H = mean(e (1-e) z z') and G = d(mean psi)/db, the derivative of the weighted-mean
    equations in b (for the ATE this is Lunceford & Davidian's 2004 adjustment).
    """
    treated = t == 1
    w = ipw_weights(e, t, estimand)
    # d log w / d(z b): how each weight moves with the logistic index.
    if estimand == "ATE":
        elasticity = np.where(treated, -(1.0 - e), e)
    else:
        elasticity = np.where(treated, 0.0, 1.0)
    a1, a0 = np.where(treated, w, 0.0), np.where(treated, 0.0, w)
    mu1, mu0 = a1 @ y / a1.sum(), a0 @ y / a0.sum()
    m1, m0 = a1.mean(), a0.mean()
    psi = a1 * (y - mu1) / m1 - a0 * (y - mu0) / m0
    if z is not None:
        n = y.size
        grad = (elasticity * psi) @ z / n
        hessian = (z * (e * (1.0 - e))[:, None]).T @ z / n
        psi = psi + (z * (t - e)[:, None]) @ np.linalg.lstsq(hessian, grad, rcond=None)[0]
    return float(mu1 - mu0), psi


class IPW(CausalEstimator):
    """Difference of Hajek-weighted arm means (ATE or ATT weights, see :func:`hajek_influence`).

    SE: sqrt(sum psi_i^2) / n with the influence function of the ratio estimator.

    ``propensity_model="logistic"`` says the propensity was fitted by the (spline) logistic
    candidate on these X: the influence function then accounts for the estimated propensity
    (stacked M-estimation on that model's design). Otherwise (gradient boosting) the propensity
    is treated as known, which is conservative for the ATE.
    """

    name = "ipw"

    def __init__(
        self,
        estimand: str = "ATE",
        alpha: float = 0.05,
        random_state: int = 0,
        propensity_model: str | None = None,
    ) -> None:
        super().__init__(estimand=estimand, alpha=alpha, random_state=random_state)
        self.propensity_model = propensity_model

    def _estimate(self, data: EffectData) -> EffectEstimate:
        adjusts = self.propensity_model == "logistic"
        z = logistic_score_design(data.X) if adjusts else None
        estimate, psi = hajek_influence(data.y, data.t, data.e, self.estimand, z)
        std_error = np.sqrt(np.sum(psi**2)) / data.y.size
        se_note = (
            "adjusted for the estimated logistic propensity"
            if adjusts
            else "treating the propensity as known"
        )
        method = f"Hajek IPW ({self.estimand} weights), influence-function SE {se_note}"
        return EffectEstimate(estimate, float(std_error), method)
