"""Cluster-robust inference from influence functions, with a small-cluster t reference.

Influence functions use the sum convention: an estimate theta_hat satisfies
theta_hat - theta ~= sum_i phi_i over units i. The cluster-robust variance is the CR1 form
G / (G - 1) * sum_c (sum_{i in c} phi_i)^2 over the G clusters, and intervals, p-values and
Wald tests use the t(G - 1) and F(k, G - 1) references, which matter when clusters are few.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import sparse, stats


def cluster_covariance(influence: np.ndarray, cluster: np.ndarray) -> np.ndarray:
    """CR1 covariance of the estimates whose influence functions are the columns of
    ``influence`` (n,) or (n, m); ``cluster`` holds codes 0..G-1. Returns a scalar or (m, m)."""
    phi = influence.reshape(len(cluster), -1)
    n_clusters = int(cluster.max()) + 1
    if n_clusters == len(cluster):  # one unit per cluster: the order of the sums is immaterial
        sums = phi
    else:
        indicator = sparse.csr_matrix(
            (np.ones(len(cluster)), (cluster, np.arange(len(cluster)))),
            shape=(n_clusters, len(cluster)),
        )
        sums = indicator @ phi
    covariance = sums.T @ sums * n_clusters / max(n_clusters - 1, 1)
    return covariance[0, 0] if influence.ndim == 1 else covariance


def cluster_std_error(influence: np.ndarray, cluster: np.ndarray) -> float:
    """CR1 cluster-robust standard error of one estimate from its (n,) influence function."""
    return math.sqrt(max(float(cluster_covariance(influence, cluster)), 0.0))


def t_inference(
    estimate: float, std_error: float, n_clusters: int, alpha: float = 0.05
) -> tuple[float, float, float]:
    """``(ci_lower, ci_upper, p_value)``: the 1 - alpha interval and two-sided p-value of
    H0 effect = 0 with the t(G - 1) reference; NaN with fewer than two clusters."""
    if n_clusters < 2 or not (math.isfinite(std_error) and std_error >= 0.0):
        return math.nan, math.nan, math.nan
    half_width = float(stats.t.ppf(1.0 - alpha / 2.0, n_clusters - 1)) * std_error
    if std_error == 0.0:
        p_value = 1.0 if estimate == 0.0 else 0.0
    else:
        p_value = float(2.0 * stats.t.sf(abs(estimate) / std_error, n_clusters - 1))
    return estimate - half_width, estimate + half_width, p_value


@dataclass(frozen=True)
class RolloutEffect:
    """One effect estimate with cluster-robust inference.

    ``estimate``, ``std_error`` and the CI bounds are in outcome units; ``p_value`` is two-sided
    for H0: effect = 0; ``method`` is a one-line description of the estimator and its SE.
    """

    estimator: str
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float
    p_value: float
    n_units_treated: int
    n_units_control: int
    n_clusters: int
    method: str

    @classmethod
    def from_influence(
        cls,
        estimator: str,
        estimate: float,
        influence: np.ndarray,
        cluster: np.ndarray,
        n_units: tuple[int, int],
        method: str,
    ) -> RolloutEffect:
        """Effect whose SE is the CR1 cluster-robust SE of its influence function."""
        n_clusters = int(cluster.max()) + 1
        std_error = cluster_std_error(influence, cluster)
        return cls(
            estimator,
            float(estimate),
            std_error,
            *t_inference(float(estimate), std_error, n_clusters),
            n_units_treated=n_units[0],
            n_units_control=n_units[1],
            n_clusters=n_clusters,
            method=method,
        )

    def to_dict(self) -> dict:
        """Plain-Python dict of all fields (DataFrame friendly)."""
        return asdict(self)
