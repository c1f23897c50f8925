"""Hajek (normalized) inverse-probability weighting estimator."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate
from impactlytics.causal.weights import ipw_weights


class IPW(CausalEstimator):
    """Difference of weighted arm means using :func:`ipw_weights` (ATE or ATT weights).

    SE: sqrt(sum psi_i^2) / n with the influence function
    psi_i = n * w_i * (Y_i - mu_arm) / n_arm (sign + treated, - control), i.e. the sandwich
    for the ratio estimator. It treats the propensity as known; accounting for its estimation
    would lower the variance for the ATE (so the SE is conservative there), not necessarily
    for the ATT.
    """

    name = "ipw"

    def _estimate(self, data: EffectData) -> EffectEstimate:
        w = ipw_weights(data.e, data.t, self.estimand)
        treated = data.t == 1
        n, n1 = data.t.size, int(treated.sum())
        mu1 = np.average(data.y[treated], weights=w[treated])
        mu0 = np.average(data.y[~treated], weights=w[~treated])
        psi = np.where(treated, w * (data.y - mu1) * (n / n1), -w * (data.y - mu0) * (n / (n - n1)))
        std_error = np.sqrt(np.sum(psi**2)) / n
        method = (
            f"Hajek IPW ({self.estimand} weights), sandwich/influence-function SE "
            "treating the propensity as known"
        )
        return EffectEstimate(float(mu1 - mu0), float(std_error), method)
