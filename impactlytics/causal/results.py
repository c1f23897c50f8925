"""Effect estimate container and the shared normal-approximation inference helper."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy.stats import norm

ESTIMANDS: tuple[str, ...] = ("ATE", "ATT")


def check_estimand(estimand: str) -> str:
    """Return ``estimand`` if it is one of :data:`ESTIMANDS`, else raise ``ValueError``."""
    if estimand not in ESTIMANDS:
        raise ValueError(f"estimand must be one of {ESTIMANDS}, got {estimand!r}")
    return estimand


def normal_inference(
    estimate: float, std_error: float, alpha: float = 0.05
) -> tuple[float, float, float]:
    """Wald interval and two-sided p-value (H0: effect = 0) under a normal approximation.

    Returns ``(ci_lower, ci_upper, p_value)`` for a ``1 - alpha`` confidence level.
    A zero standard error gives a degenerate interval and p = 0 (or 1 if the estimate is 0).
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    estimate, std_error = float(estimate), float(std_error)
    if not (math.isfinite(std_error) and std_error >= 0.0):
        return math.nan, math.nan, math.nan
    half_width = float(norm.ppf(1.0 - alpha / 2.0)) * std_error
    if std_error == 0.0:
        p_value = 1.0 if estimate == 0.0 else 0.0
    else:
        p_value = float(2.0 * norm.sf(abs(estimate) / std_error))
    return estimate - half_width, estimate + half_width, p_value


@dataclass(frozen=True)
class EffectResult:
    """One treatment-effect estimate with its normal-approximation inference.

    ``estimate``, ``std_error`` and the CI bounds are in outcome units; ``p_value`` is two-sided
    for H0: effect = 0; ``method`` is a one-line description of the estimator and its SE.
    """

    estimator: str
    estimand: str
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float
    p_value: float
    n_treated: int
    n_control: int
    method: str

    def to_dict(self) -> dict:
        """Plain-Python dict of all fields (JSON/DataFrame friendly)."""
        return asdict(self)
