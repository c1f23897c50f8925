"""Normalized (Hajek) inverse-probability weights."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.propensity import check_propensity, check_treatment
from impactlytics.causal.results import check_estimand


def ipw_weights(propensity: np.ndarray, treatment: np.ndarray, estimand: str = "ATE") -> np.ndarray:
    """Inverse-probability weights, shape (n,), normalized to sum to the arm size in each arm.

    ATE: 1/e for treated and 1/(1-e) for controls; ATT: 1 for treated and e/(1-e) for
    controls. Rescaling within arm (Hajek) makes weighted arm means weighted averages.
    """
    check_estimand(estimand)
    t = check_treatment(treatment)
    e = check_propensity(propensity, t.size)
    treated = t == 1
    if estimand == "ATE":
        raw = np.where(treated, 1.0 / e, 1.0 / (1.0 - e))
    else:
        raw = np.where(treated, 1.0, e / (1.0 - e))
    out = np.empty_like(raw)
    for arm in (treated, ~treated):
        if arm.any():
            out[arm] = raw[arm] * (arm.sum() / raw[arm].sum())
    return out
