"""Per-unit doubly robust scores of the study's estimand, from which every segment, test and
policy value of the CATE stage is computed: an effect over a set of units S is
sum_S score / sum_S weight.

- ATE: score = the AIPW pseudo-outcome psi, weight = 1 (mean of psi over S).
- ATT: score = T (Y - mu0) - (1 - T) e / (1 - e) (Y - mu0), weight = T: the AIPW estimator of
  the treated units' average effect in S (the controls in S stand in for the treated's
  untreated outcomes through the odds weights), which is doubly robust like the ATT itself.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from impactlytics.causal.cate.nuisance import CateData


class EstimandScores(NamedTuple):
    """score (n,) and weight (n,); the estimand's population is the units with weight > 0."""

    score: np.ndarray
    weight: np.ndarray

    @property
    def target(self) -> np.ndarray:
        """Units of the estimand's population (all for the ATE, the treated for the ATT)."""
        return self.weight > 0


def estimand_scores(data: CateData, estimand: str) -> EstimandScores:
    """The scores of ``estimand`` ("ATE" or "ATT") from the cross-fitted nuisances."""
    if estimand == "ATE":
        return EstimandScores(data.pseudo_outcome, np.ones(data.t.size))
    if estimand == "ATT":
        residual = data.y - data.mu0
        score = data.t * residual - (1 - data.t) * data.e / (1 - data.e) * residual
        return EstimandScores(score, data.t.astype(float))
    raise ValueError(f"estimand must be ATE or ATT, got {estimand!r}")


def ratio_influence(score: np.ndarray, weight: np.ndarray) -> tuple[float, np.ndarray]:
    """sum(score) / sum(weight) and each unit's influence on it, shape (n,); the estimate's
    SE is sd(influence) / sqrt(n)."""
    estimate = float(score.sum() / weight.sum())
    return estimate, (score - estimate * weight) / weight.mean()
