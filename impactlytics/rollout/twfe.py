"""Static two-way fixed effects: y_it = alpha_i + lambda_t + beta D_it + e_it.

On a balanced panel with unit-constant weights, the two-way within transformation
y - ybar_i - ybar_t + ybar (time means weighted) is the exact projection off the unit and period
dummies, so beta is a one-regressor least squares on the transformed data. Under staggered
adoption with effects that vary over event time or cohort, beta is a weighted average of cell
effects with possibly negative weights (Goodman-Bacon 2021): it is reported beside the
heterogeneity-robust estimators, not instead of them.
"""

from __future__ import annotations

import numpy as np

from impactlytics.rollout.inference import RolloutEffect
from impactlytics.rollout.panel import RolloutPanel


def two_way_demean(values: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(n, T) ``values`` less unit means and weighted period means, plus the weighted grand mean."""
    period_means = weight @ values / weight.sum()
    return values - values.mean(axis=1, keepdims=True) - period_means + period_means.mean()


def twfe_effect(panel: RolloutPanel) -> RolloutEffect:
    """TWFE coefficient of the exposure indicator with its CR1 cluster-robust SE."""
    exposure = two_way_demean(panel.exposure, panel.weight)
    outcome = two_way_demean(panel.y, panel.weight)
    sxx = panel.weight @ (exposure * exposure).sum(axis=1)
    beta = float(panel.weight @ (exposure * outcome).sum(axis=1) / sxx)
    residual = outcome - beta * exposure
    influence = panel.weight * (exposure * residual).sum(axis=1) / sxx
    return RolloutEffect.from_influence(
        "twfe",
        beta,
        influence,
        panel.cluster,
        (int((panel.cohort > 0).sum()), int((panel.cohort == 0).sum())),
        "two-way fixed effects OLS of the outcome on the exposure indicator; CR1 cluster-robust "
        "SE, t(G-1) interval; biased under heterogeneous effects with staggered timing",
    )
