"""Propensity of exposure: a logistic regression of ever being exposed on pre-treatment covariates.

The rollout's estimators do not weight by it (Callaway-Sant'Anna needs parallel trends, not
unconfoundedness); it documents who got the rollout (confounded adoption) and whether the
exposed and never-exposed units overlap in their covariates.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from impactlytics.rollout.panel import RolloutPanel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExposurePropensity:
    """Logit fit: terms (k,), coefficients (k,), std_errors (k,), p_values (k,), and the fitted
    propensity (n,) of every unit."""

    terms: tuple[str, ...]
    coefficients: np.ndarray
    std_errors: np.ndarray
    p_values: np.ndarray
    propensity: np.ndarray


def fit_exposure_propensity(panel: RolloutPanel) -> ExposurePropensity | None:
    """Logit of 1{unit ever exposed} on an intercept and the covariates, by maximum likelihood
    with cluster-robust SEs; None, with a warning, when the exposure is perfectly separated or
    the fit does not converge. Unweighted: it describes the units, not a weighted population."""
    design = np.column_stack([np.ones(len(panel.cohort)), panel.X])
    exposed = (panel.cohort > 0).astype(np.float64)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.Logit(exposed, design).fit(
                disp=0, maxiter=200, cov_type="cluster", cov_kwds={"groups": panel.cluster}
            )
        except np.linalg.LinAlgError as error:
            logger.warning("%s: no exposure propensity model (%s)", panel.spec.label, error)
            return None
    separated = any(issubclass(w.category, PerfectSeparationWarning) for w in caught)
    if separated or not result.mle_retvals["converged"]:
        logger.warning(
            "%s: no exposure propensity model (perfect separation or no convergence)",
            panel.spec.label,
        )
        return None
    return ExposurePropensity(
        terms=("intercept", *panel.covariate_names),
        coefficients=result.params,
        std_errors=result.bse,
        p_values=result.pvalues,
        propensity=result.predict(design),
    )
