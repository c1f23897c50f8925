"""Pre-trend test and sensitivity to parallel-trends violations, from an event study."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from impactlytics.rollout.estimators import EventStudy
from impactlytics.rollout.inference import cluster_covariance, cluster_std_error, t_inference


@dataclass(frozen=True)
class WaldTest:
    """Joint Wald test of H0: every pre-period (lead) coefficient is 0.

    ``statistic`` is the Wald chi-square theta' V^-1 theta with ``df`` leads; ``p_value`` uses
    F(df, G - 1) for statistic / df, the small-cluster reference (chi-square(df) as G grows).
    """

    statistic: float
    df: int
    p_value: float
    n_clusters: int


def pretrend_wald_test(study: EventStudy, cluster: np.ndarray) -> WaldTest:
    """Cluster-robust joint test of the event-study leads (event times <= -2)."""
    leads = study.event_times < -1
    n_clusters = int(cluster.max()) + 1
    if not leads.any():
        return WaldTest(math.nan, 0, math.nan, n_clusters)
    theta = study.estimates[leads]
    covariance = np.atleast_2d(cluster_covariance(study.influence[:, leads], cluster))
    df = int(np.linalg.matrix_rank(covariance))
    statistic = float(theta @ np.linalg.pinv(covariance) @ theta)
    if df == 0 or n_clusters < 2:
        return WaldTest(statistic, df, math.nan, n_clusters)
    p_value = float(stats.f.sf(statistic / df, df, n_clusters - 1))
    return WaldTest(statistic, df, p_value, n_clusters)


@dataclass(frozen=True)
class RelativeMagnitudeBound:
    """Robust confidence set of the average post-period event-time effect when every post-period
    change of the trend violation is at most ``m_bar`` times the largest pre-period one."""

    m_bar: float
    estimate: float
    ci_lower: float
    ci_upper: float
    max_pre_change_upper: float
    breakdown_m_bar: float


def relative_magnitude_bounds(
    study: EventStudy, cluster: np.ndarray, m_bars: tuple[float, ...], alpha: float = 0.05
) -> list[RelativeMagnitudeBound]:
    """Rambachan & Roth (2023) relative-magnitudes restriction, in a conservative Bonferroni form.

    Target: theta_bar, the mean of theta(e) over post event times e = 0..E. With the violation
    delta_{-1} = 0 and |delta_e - delta_(e-1)| <= M * D for e >= 0, where D is the largest
    absolute change between consecutive pre-period coefficients (theta(-1) = 0), the bias of
    theta_bar is at most M * D * mean(e + 1). The set is theta_bar's 1 - alpha/2 interval widened
    by that bound with D replaced by its 1 - alpha/2 upper confidence bound (Bonferroni over the
    pre-period changes), so it covers with probability >= 1 - alpha. This is wider than the
    conditional / hybrid ARP sets of Rambachan & Roth, never narrower. ``breakdown_m_bar`` is the
    smallest M whose set includes 0.
    """
    n_clusters = int(cluster.max()) + 1
    post = study.event_times >= 0
    pre = study.event_times < -1
    n_post = int(post.sum())
    post_mean = np.where(post, 1.0 / n_post, 0.0)
    estimate = float(post_mean @ study.estimates)
    se = cluster_std_error(study.influence @ post_mean, cluster)
    lower, upper, _ = t_inference(estimate, se, n_clusters, alpha / 2.0)
    # Pre-period coefficients with the base theta(-1) = 0 appended, in event-time order.
    pre_times = study.event_times[pre]
    order = np.argsort(pre_times)
    leads = np.append(study.estimates[pre][order], 0.0)
    lead_influence = np.column_stack([study.influence[:, pre][:, order], np.zeros(len(cluster))])
    changes = np.diff(leads)
    change_influence = np.diff(lead_influence, axis=1)
    if len(changes):
        change_se = np.sqrt(np.diag(np.atleast_2d(cluster_covariance(change_influence, cluster))))
        critical = float(stats.t.ppf(1.0 - alpha / (4.0 * len(changes)), max(n_clusters - 1, 1)))
        max_change = float(np.max(np.abs(changes) + critical * change_se))
    else:
        max_change = math.nan
    # |delta_e| <= (e + 1) M D, so the bias of the post-period mean is at most M D mean(e + 1).
    scale = max_change * float(np.mean(study.event_times[post] + 1.0))
    nearest = lower if lower > 0 else (-upper if upper < 0 else 0.0)
    breakdown = nearest / scale if scale > 0 and math.isfinite(scale) else math.nan
    return [
        RelativeMagnitudeBound(
            m_bar, estimate, lower - m_bar * scale, upper + m_bar * scale, max_change, breakdown
        )
        for m_bar in m_bars
    ]
