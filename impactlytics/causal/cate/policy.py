"""Targeting by predicted effect: the uplift (Qini) curve, its AUUC and the policy values of
treating the top fraction of units, all from AIPW scores of out-of-fold-ranked units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impactlytics.causal.results import normal_inference

FRACTIONS: tuple[float, ...] = tuple(k / 10 for k in range(1, 11))


@dataclass(frozen=True)
class PolicyValue:
    """Treating the ``fraction_targeted`` of units with the highest predicted CATE.

    ``gain_vs_none``: mean over all units of 1[targeted] psi, the per-unit gain in the outcome
    over treating nobody (the Qini curve's height); ``gain_vs_all``: mean of (1[targeted] - 1)
    psi, the gain over treating everybody. Each with SE sd/sqrt(n) and a 1 - alpha interval.
    ``random_gain``: the same fraction chosen at random, fraction x mean(psi).
    """

    fraction_targeted: float
    n_targeted: int
    gain_vs_none: float
    gain_vs_none_std_error: float
    gain_vs_none_ci_lower: float
    gain_vs_none_ci_upper: float
    gain_vs_all: float
    gain_vs_all_std_error: float
    gain_vs_all_ci_lower: float
    gain_vs_all_ci_upper: float
    random_gain: float


def _mean_with_interval(values: np.ndarray, alpha: float) -> tuple[float, float, float, float]:
    estimate = float(values.mean())
    std_error = float(values.std(ddof=1) / np.sqrt(values.size))
    ci_lower, ci_upper, _ = normal_inference(estimate, std_error, alpha)
    return estimate, std_error, ci_lower, ci_upper


def policy_values(
    tau: np.ndarray,
    scores: np.ndarray,
    fractions: tuple[float, ...] = FRACTIONS,
    alpha: float = 0.05,
) -> list[PolicyValue]:
    """Policy values for out-of-fold CATEs ``tau`` (n,) and AIPW scores ``scores`` (n,)."""
    psi = np.asarray(scores, dtype=float)
    ranking = np.argsort(-np.asarray(tau, dtype=float), kind="stable")
    values = []
    for fraction in fractions:
        targeted = np.zeros(psi.size)
        n_targeted = int(round(fraction * psi.size))
        targeted[ranking[:n_targeted]] = 1.0
        values.append(
            PolicyValue(
                fraction,
                n_targeted,
                *_mean_with_interval(targeted * psi, alpha),
                *_mean_with_interval((targeted - 1.0) * psi, alpha),
                random_gain=fraction * float(psi.mean()),
            )
        )
    return values


def auuc(values: list[PolicyValue]) -> float:
    """Area between the Qini curve and the random-targeting line over fraction 0 to 1
    (trapezoids, the curve starting at 0), in outcome units; 0 when ranking adds nothing."""
    fraction = np.concatenate([[0.0], [v.fraction_targeted for v in values]])
    excess = np.concatenate([[0.0], [v.gain_vs_none - v.random_gain for v in values]])
    return float(np.sum((excess[1:] + excess[:-1]) / 2 * np.diff(fraction)))
