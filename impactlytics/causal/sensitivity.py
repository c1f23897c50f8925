"""Sensitivity of an effect to unmeasured confounding.

The robustness value and partial R² of Cinelli & Hazlett (2020, JRSS-B) for the treatment
coefficient of an OLS regression, and the E-value of VanderWeele & Ding (2017, Ann. Intern.
Med.) on the risk-ratio scale.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import statsmodels.api as sm
from scipy.stats import t as student_t

from impactlytics.causal.features import AdditiveSplineFeatures

# VanderWeele & Ding's conversion of a standardized mean difference d to an approximate risk
# ratio, RR = exp(0.91 d), and of its standard error (1.78 = 0.91 x 1.96) (Chinn 2000).
SMD_TO_LOG_RR = 0.91


def partial_r2(t_value: float, dof: int) -> float:
    """Partial R² of the treatment with the outcome given the covariates: t² / (t² + dof)."""
    return t_value**2 / (t_value**2 + dof)


def robustness_value(t_value: float, dof: int, q: float = 1.0, alpha: float | None = None) -> float:
    """RV_q (and RV_{q,alpha} when ``alpha`` is given): the partial R² a confounder would need
    with both treatment and outcome to reduce the estimate by 100 q% (or to make the reduced
    estimate's 1 - alpha interval reach it). Cinelli & Hazlett (2020), eqs. 18-19."""
    f_q = q * abs(t_value) / math.sqrt(dof)
    f_critical = 0.0
    if alpha is not None:
        f_critical = abs(student_t.ppf(alpha / 2, dof - 1)) / math.sqrt(dof - 1)
    f = f_q - f_critical
    if f <= 0:
        return 0.0
    if alpha is not None and f_q > 1 / f_critical:  # the bound on R²_{D~Z|X} does not bind
        return (f_q**2 - f_critical**2) / (1 + f_q**2)
    return 0.5 * (math.sqrt(f**4 + 4 * f**2) - f**2)


def e_value(risk_ratio: float) -> float:
    """E-value of a risk ratio: RR + sqrt(RR (RR - 1)), with RR < 1 inverted first."""
    rr = risk_ratio if risk_ratio >= 1 else 1 / risk_ratio
    return rr + math.sqrt(rr * (rr - 1))


def e_value_of_interval(lower: float, upper: float) -> float:
    """E-value of the confidence limit closest to the null RR = 1 (1 when the CI includes 1)."""
    if lower <= 1 <= upper:
        return 1.0
    return e_value(lower if lower > 1 else upper)


@dataclass(frozen=True)
class Sensitivity:
    """Sensitivity of one outcome's regression estimate; see the module docstring."""

    estimate: float
    std_error: float
    t_value: float
    dof: int
    partial_r2_treatment: float
    robustness_value: float
    robustness_value_alpha: float
    risk_ratio_scale: str
    risk_ratio: float
    e_value: float
    e_value_ci: float
    method: str

    def to_dict(self) -> dict:
        return asdict(self)


def regression_sensitivity(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    treatment: np.ndarray,
    outcome: np.ndarray,
    alpha: float = 0.05,
) -> Sensitivity:
    """OLS of the outcome on 1, T and the additive spline basis of X (classical SE, the setting
    of Cinelli & Hazlett), its robustness values, and the E-value.

    The E-value's risk ratio: for a 0/1 outcome, (p0 + b) / p0 with p0 the mean fitted outcome
    under control and b the coefficient (interval from b's); otherwise VanderWeele & Ding's
    approximation exp(0.91 d) with d = b / sd(Y), interval exp(0.91 d ± 0.91 z se / sd(Y)).
    """
    t = np.asarray(treatment, dtype=float)
    y = np.asarray(outcome, dtype=float)
    basis = AdditiveSplineFeatures().fit_transform(X)
    design = np.column_stack([np.ones_like(t), t, basis])
    fit = sm.OLS(y, design).fit()
    estimate, std_error = float(fit.params[1]), float(fit.bse[1])
    t_value, dof = float(fit.tvalues[1]), int(fit.df_resid)
    z = float(student_t.ppf(1 - alpha / 2, dof))
    lower, upper = estimate - z * std_error, estimate + z * std_error
    if set(np.unique(y)) <= {0.0, 1.0}:
        p0 = float(np.mean(fit.fittedvalues - estimate * t))
        scale = "risk ratio from the linear probability model's risks under control and treatment"
        risk_ratio, rr_lower, rr_upper = ((p0 + b) / p0 for b in (estimate, lower, upper))
    else:
        sd = float(np.std(y, ddof=1))
        scale = "approximate risk ratio exp(0.91 d), d = estimate / sd(outcome), continuous outcome"
        risk_ratio, rr_lower, rr_upper = (
            math.exp(SMD_TO_LOG_RR * b / sd) for b in (estimate, lower, upper)
        )
    return Sensitivity(
        estimate=estimate,
        std_error=std_error,
        t_value=t_value,
        dof=dof,
        partial_r2_treatment=partial_r2(t_value, dof),
        robustness_value=robustness_value(t_value, dof),
        robustness_value_alpha=robustness_value(t_value, dof, alpha=alpha),
        risk_ratio_scale=scale,
        risk_ratio=risk_ratio,
        e_value=e_value(risk_ratio),
        e_value_ci=e_value_of_interval(rr_lower, rr_upper),
        method=(
            "OLS of the outcome on 1, treatment and additive cubic splines of the covariates, "
            "classical SE; RV and partial R2 of Cinelli & Hazlett (2020), E-value of "
            "VanderWeele & Ding (2017)"
        ),
    )
