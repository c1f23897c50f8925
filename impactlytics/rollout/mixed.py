"""Random-intercept mixed model of the pre-period outcome (statsmodels MixedLM, REML).

y_it = x_i' beta + lambda_t + u_i + e_it, u_i ~ N(0, sigma_u^2), e_it ~ N(0, sigma_e^2), over the
periods before the first cohort starts. The ICC sigma_u^2 / (sigma_u^2 + sigma_e^2) is the share
of the outcome's variance that is between units: high values are why within-unit comparisons
(differencing, CUPED) sharpen the effect estimates.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm

from impactlytics.rollout.panel import RolloutPanel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VarianceComponents:
    """REML variance components: between-unit, within-unit, the ICC, and the sample size."""

    between_unit_variance: float
    within_unit_variance: float
    n_units: int
    n_observations: int

    @property
    def icc(self) -> float:
        return self.between_unit_variance / (self.between_unit_variance + self.within_unit_variance)


def pre_period_design(panel: RolloutPanel, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Long pre-period outcome (m,) and design (m, p): intercept, period dummies (first period
    the reference) and the unit covariates, for the rows of ``units``."""
    n_pre = int(panel.cohorts.min()) - 1
    y = panel.y[units, :n_pre].ravel()
    periods = np.tile(np.arange(n_pre), len(units))
    dummies = (periods[:, None] == np.arange(1, n_pre)[None, :]).astype(np.float64)
    covariates = np.repeat(panel.X[units], n_pre, axis=0)
    design = np.column_stack([np.ones(len(y)), dummies, covariates])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        # A covariate constant in the subsample: drop each column dependent on earlier ones.
        _, r = np.linalg.qr(design)
        design = design[:, np.abs(np.diag(r)) > 1e-10 * np.abs(r).max()]
    return y, design


def fit_variance_components(
    panel: RolloutPanel, max_units: int, random_state: int
) -> VarianceComponents:
    """REML fit on at most ``max_units`` units drawn at random (all when fewer)."""
    rng = np.random.default_rng(random_state)
    n_units = len(panel.cohort)
    units = np.sort(rng.choice(n_units, size=min(max_units, n_units), replace=False))
    y, design = pre_period_design(panel, units)
    n_pre = int(panel.cohorts.min()) - 1
    groups = np.repeat(units, n_pre)
    logger.info(
        "%s: outcome '%s': MixedLM on %d units x %d pre-periods",
        panel.spec.label,
        panel.outcome,
        len(units),
        n_pre,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.MixedLM(y, design, groups=groups).fit(reml=True)
    return VarianceComponents(
        between_unit_variance=float(result.cov_re[0, 0]),
        within_unit_variance=float(result.scale),
        n_units=len(units),
        n_observations=len(y),
    )
