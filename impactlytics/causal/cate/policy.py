"""Targeting by predicted effect: the uplift (Qini) curve, its AUUC and the policy values of
treating the top fraction of units, all from AIPW scores of out-of-fold-ranked units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impactlytics.causal.cate.scores import ratio_influence
from impactlytics.causal.results import normal_inference

FRACTIONS: tuple[float, ...] = tuple(k / 10 for k in range(1, 11))


@dataclass(frozen=True)
class PolicyValue:
    """Treating the ``fraction_targeted`` of the estimand's population (all units for the ATE,
    the treated for the ATT) with the highest predicted CATE.

    With the estimand scores (score, weight) of :mod:`impactlytics.causal.cate.scores`:
    ``gain_vs_none`` = sum 1[targeted] score / sum weight, the gain per unit of the population
    over treating nobody (the Qini curve's height; the mean of 1[targeted] psi for the ATE);
    ``gain_vs_all`` = sum (1[targeted] - 1) score / sum weight, the gain over treating
    everybody. Each with an influence-function SE and a 1 - alpha interval. ``random_gain``: the
    same fraction chosen at random, fraction x the estimand's average effect.
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


def _ratio_with_interval(
    score: np.ndarray, weight: np.ndarray, alpha: float
) -> tuple[float, float, float, float]:
    estimate, influence = ratio_influence(score, weight)
    std_error = float(influence.std(ddof=1) / np.sqrt(score.size))
    ci_lower, ci_upper, _ = normal_inference(estimate, std_error, alpha)
    return estimate, std_error, ci_lower, ci_upper


def policy_values(
    tau: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None = None,
    fractions: tuple[float, ...] = FRACTIONS,
    alpha: float = 0.05,
) -> list[PolicyValue]:
    """Policy values for out-of-fold CATEs ``tau`` (n,) and estimand scores ``scores`` (n,)
    with ``weights`` (n,) (default 1: AIPW scores of the ATE). The top fraction k is the
    units ranked above the k-quantile of ``tau`` over the population (weight > 0)."""
    psi = np.asarray(scores, dtype=float)
    w = np.ones(psi.size) if weights is None else np.asarray(weights, dtype=float)
    ranking = np.argsort(-np.asarray(tau, dtype=float), kind="stable")
    population_rank = np.empty(psi.size)
    population_rank[ranking] = np.cumsum(w[ranking] > 0)  # population units ranked at or above
    n_population = int((w > 0).sum())
    average = float(psi.sum() / w.sum())
    values = []
    for fraction in fractions:
        n_targeted = int(round(fraction * n_population))
        targeted = (population_rank <= n_targeted).astype(float)
        if n_targeted == n_population:
            targeted[:] = 1.0
        values.append(
            PolicyValue(
                fraction,
                n_targeted,
                *_ratio_with_interval(targeted * psi, w, alpha),
                *_ratio_with_interval((targeted - 1.0) * psi, w, alpha),
                random_gain=fraction * average,
            )
        )
    return values


def auuc(values: list[PolicyValue]) -> float:
    """Area between the Qini curve and the random-targeting line over fraction 0 to 1
    (trapezoids, the curve starting at 0), in outcome units; 0 when ranking adds nothing."""
    fraction = np.concatenate([[0.0], [v.fraction_targeted for v in values]])
    excess = np.concatenate([[0.0], [v.gain_vs_none - v.random_gain for v in values]])
    return float(np.sum((excess[1:] + excess[:-1]) / 2 * np.diff(fraction)))
