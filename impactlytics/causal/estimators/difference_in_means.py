"""Unadjusted difference in arm means with a Welch standard error."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate


class DifferenceInMeans(CausalEstimator):
    """mean(Y | T=1) - mean(Y | T=0); ignores X and the propensity (biased under confounding)."""

    name = "difference_in_means"

    def _estimate(self, data: EffectData) -> EffectEstimate:
        y1, y0 = data.y[data.t == 1], data.y[data.t == 0]
        estimate = y1.mean() - y0.mean()
        std_error = np.sqrt(y1.var(ddof=1) / y1.size + y0.var(ddof=1) / y0.size)
        method = "Raw difference in arm means, Welch (unequal-variance) SE"
        if self.estimand == "ATT":
            method += "; unadjusted, so the same number is reported for the ATT"
        return EffectEstimate(float(estimate), float(std_error), method)
