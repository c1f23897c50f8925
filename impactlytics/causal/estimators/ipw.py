"""Hajek (normalized) inverse-probability weighting estimator."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate
from impactlytics.causal.propensity import logistic_score_design
from impactlytics.causal.weights import ipw_weights


class IPW(CausalEstimator):
    """Difference of weighted arm means using :func:`ipw_weights` (ATE or ATT weights).

    SE: sqrt(sum psi_i^2) / n with the influence function
    psi_i = n * w_i * (Y_i - mu_arm) / n_arm (sign + treated, - control), i.e. the sandwich
    for the ratio estimator.

    ``propensity_model="logistic"`` says the propensity was fitted by the (spline) logistic
    candidate on these X: for the ATE the influence function is then projected off that model's
    score Z (T - e) (Lunceford & Davidian 2004), which accounts for the estimated propensity and
    removes the conservativeness of the known-propensity SE. Otherwise (ATT, or another model)
    the propensity is treated as known, which is conservative for the ATE.
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
        w = ipw_weights(data.e, data.t, self.estimand)
        treated = data.t == 1
        n, n1 = data.t.size, int(treated.sum())
        mu1 = np.average(data.y[treated], weights=w[treated])
        mu0 = np.average(data.y[~treated], weights=w[~treated])
        psi = np.where(treated, w * (data.y - mu1) * (n / n1), -w * (data.y - mu0) * (n / (n - n1)))
        adjusts = self.estimand == "ATE" and self.propensity_model == "logistic"
        if adjusts:
            score = logistic_score_design(data.X) * (data.t - data.e)[:, None]
            psi = psi - score @ np.linalg.lstsq(score, psi, rcond=None)[0]
        std_error = np.sqrt(np.sum(psi**2)) / n
        se_note = (
            "adjusted for the estimated logistic propensity"
            if adjusts
            else "treating the propensity as known"
        )
        method = f"Hajek IPW ({self.estimand} weights), influence-function SE {se_note}"
        return EffectEstimate(float(mu1 - mu0), float(std_error), method)
