"""Causal-effect estimation: propensity model, overlap checks, weights and estimators."""

from impactlytics.causal.estimators import (
    AIPW,
    ESTIMATORS,
    IPW,
    CausalEstimator,
    DifferenceInMeans,
    PSMatching,
    PSStratification,
    RegressionAdjustment,
    estimate_all,
)
from impactlytics.causal.overlap import (
    NoOverlapError,
    OverlapDiagnostics,
    check_overlap,
    diagnose_overlap,
)
from impactlytics.causal.propensity import PropensityModel
from impactlytics.causal.results import ESTIMANDS, EffectResult, normal_inference
from impactlytics.causal.weights import ipw_weights

__all__ = [
    "AIPW",
    "ESTIMANDS",
    "ESTIMATORS",
    "IPW",
    "CausalEstimator",
    "DifferenceInMeans",
    "EffectResult",
    "NoOverlapError",
    "OverlapDiagnostics",
    "PSMatching",
    "PSStratification",
    "PropensityModel",
    "RegressionAdjustment",
    "check_overlap",
    "diagnose_overlap",
    "estimate_all",
    "ipw_weights",
    "normal_inference",
]
