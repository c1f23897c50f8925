"""Subclassification on propensity-score strata: equal-frequency, refined until balanced."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate


def propensity_strata(
    propensity: np.ndarray,
    treatment: np.ndarray,
    n_strata: int,
    min_per_arm: int = 2,
    edges_from: np.ndarray | None = None,
) -> np.ndarray:
    """Stratum label (n,) in 0..k-1 from propensity bins holding equal numbers of the units
    flagged by ``edges_from`` (default: all units), after merging each bin holding fewer than
    ``min_per_arm`` units of either arm into its smaller neighbour."""
    reference = propensity if edges_from is None else propensity[edges_from]
    inner_edges = np.quantile(reference, np.linspace(0.0, 1.0, n_strata + 1)[1:-1])
    bins = np.searchsorted(inner_edges, propensity, side="right")
    n1 = np.bincount(bins, weights=treatment, minlength=n_strata)
    n0 = np.bincount(bins, minlength=n_strata) - n1
    groups = [[b] for b in range(n_strata) if n1[b] + n0[b] > 0]  # adjacent bin runs
    g1 = [n1[g[0]] for g in groups]
    g0 = [n0[g[0]] for g in groups]
    while True:
        bad = [i for i in range(len(groups)) if min(g1[i], g0[i]) < min_per_arm]
        if not bad:
            break
        if len(groups) == 1:
            raise ValueError(f"cannot form a stratum with {min_per_arm} units of each arm")
        i = bad[0]
        if i == 0:
            j = 1
        elif i == len(groups) - 1:
            j = i - 1
        else:
            j = i - 1 if g1[i - 1] + g0[i - 1] <= g1[i + 1] + g0[i + 1] else i + 1
        lo, hi = min(i, j), max(i, j)
        groups[lo] += groups.pop(hi)
        g1[lo] += g1.pop(hi)
        g0[lo] += g0.pop(hi)
    lookup = np.empty(n_strata, dtype=np.intp)
    for label, members in enumerate(groups):
        lookup[members] = label
    return lookup[bins]


def _welch_t(values: np.ndarray, treated: np.ndarray) -> float:
    """Welch t statistic of the difference in means of ``values`` between the two arms."""
    a, b = values[treated], values[~treated]
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return float(abs(a.mean() - b.mean()) / se) if se > 0 else 0.0


def refine_strata(
    logit: np.ndarray,
    treatment: np.ndarray,
    strata: np.ndarray,
    population: np.ndarray,
    max_t: float = 1.96,
    min_per_arm: int = 2,
) -> np.ndarray:
    """Split strata until the arms' mean logit propensity no longer differs within any of them
    (Imbens & Rubin 2015, ch. 17): a stratum whose Welch |t| exceeds ``max_t`` is cut at the
    median logit of its ``population`` units, when both halves keep ``min_per_arm`` units of
    each arm. Returns new labels (n,) in 0..k-1, still ordered in the propensity."""
    treated = treatment == 1
    pending = [np.flatnonzero(strata == k) for k in range(int(strata.max()) + 1)]
    done: list[np.ndarray] = []
    while pending:
        rows = pending.pop()
        halves = []
        if _welch_t(logit[rows], treated[rows]) > max_t:
            cut = np.median(logit[rows[population[rows]]])
            halves = [rows[logit[rows] < cut], rows[logit[rows] >= cut]]
        if halves and all(
            min(treated[h].sum(), (~treated[h]).sum()) >= min_per_arm for h in halves
        ):
            pending += halves
        else:
            done.append(rows)
    done.sort(key=lambda rows: logit[rows].min())
    labels = np.empty(strata.size, dtype=np.intp)
    for label, rows in enumerate(done):
        labels[rows] = label
    return labels


_MIN_PER_ARM = 3  # units of each arm per stratum: a within-stratum slope and its variance


def _stratum_variance(strata: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Sample variance (ddof 1) of ``values`` within each of the k strata, shape (k,)."""
    count = np.bincount(strata, minlength=k).astype(float)
    mean = np.bincount(strata, weights=values, minlength=k) / count
    return np.bincount(strata, weights=(values - mean[strata]) ** 2, minlength=k) / (count - 1)


@dataclass(frozen=True)
class _ArmLine:
    """Per-stratum least-squares line y = mean + slope (l - l_mean) of one arm, shape (k,) each."""

    count: np.ndarray
    mean: np.ndarray
    logit_mean: np.ndarray
    slope: np.ndarray
    sxx: np.ndarray
    residual_variance: np.ndarray

    def mean_at(self, logit: np.ndarray) -> np.ndarray:
        return self.mean + self.slope * (logit - self.logit_mean)

    def variance_at(self, logit: np.ndarray) -> np.ndarray:
        gap = logit - self.logit_mean
        leverage = np.divide(gap**2, self.sxx, out=np.zeros_like(gap), where=self.sxx > 0)
        return self.residual_variance * (1.0 / self.count + leverage)


def _arm_line(strata: np.ndarray, logit: np.ndarray, y: np.ndarray, k: int) -> _ArmLine:
    count = np.bincount(strata, minlength=k).astype(float)
    l_mean = np.bincount(strata, weights=logit, minlength=k) / count
    y_mean = np.bincount(strata, weights=y, minlength=k) / count
    dl, dy = logit - l_mean[strata], y - y_mean[strata]
    sxx = np.bincount(strata, weights=dl**2, minlength=k)
    sxy = np.bincount(strata, weights=dl * dy, minlength=k)
    syy = np.bincount(strata, weights=dy**2, minlength=k)
    slope = np.divide(sxy, sxx, out=np.zeros(k), where=sxx > 0)
    residual = np.maximum(syy - slope * sxy, 0.0) / (count - 2.0)
    return _ArmLine(count, y_mean, l_mean, slope, sxx, residual)


class PSStratification(CausalEstimator):
    """Difference in means within propensity strata, combined with stratum weights.

    Strata start with equal numbers of the estimand's population: all units (ATE) or the treated
    (ATT; cutting on all units' scores would crowd the treated, whose scores sit far above most
    controls', into the top strata). Strata whose arms still differ in mean logit propensity
    are then split (:func:`refine_strata`): where scores are skewed, as among the many
    low-score controls of an ATT study, a stratum wide in log-odds would compare controls near
    its lower edge with treated units spread across it. Weights w_k: unit share n_k/n (ATE) or
    treated share n1_k/n1 (ATT).
    Within each stratum, each arm's mean is moved along its least-squares line in the logit
    score l to the stratum's target mean of l (all units, or the treated for the ATT), which
    removes the first-order bias left by the score differences inside a stratum (subclassification
    with regression adjustment, Imbens & Rubin 2015, ch. 17).
    SE = sqrt(sum_k w_k^2 var_k + B): var_k sums each arm's adjusted-mean variance
    (residual variance x (1/n_a + gap^2 / Sxx)) and, for the target mean's own noise, (b1 - b0)^2
    var(l)/n_k (ATE) or the treated spread of y - b0 l (ATT); B = sum_k w_k (tau_k - tau)^2 / m
    (m = n or n1) is the sampling variance of the stratum shares.

    ``n_strata=None`` picks sqrt(m) / 4 strata for m units of the estimand's population,
    clipped to [5, 50]: the classic five strata
    remove only about 90% of the confounding bias, and more strata shrink the residual as the
    sample grows while keeping dozens of units of each arm per stratum.
    """

    name = "ps_stratification"

    def __init__(
        self,
        estimand: str = "ATE",
        alpha: float = 0.05,
        random_state: int = 0,
        n_strata: int | None = None,
    ) -> None:
        super().__init__(estimand=estimand, alpha=alpha, random_state=random_state)
        self.n_strata = n_strata

    def _estimate(self, data: EffectData) -> EffectEstimate:
        t, y = data.t, data.y
        logit = np.log(data.e) - np.log1p(-data.e)
        population = t == 1 if self.estimand == "ATT" else np.ones(t.size, dtype=bool)
        n_strata = self._n_strata(int(population.sum()))
        initial = propensity_strata(data.e, t, n_strata, _MIN_PER_ARM, edges_from=population)
        strata = refine_strata(logit, t, initial, population, min_per_arm=_MIN_PER_ARM)
        k = int(strata.max()) + 1
        target = np.bincount(strata, weights=logit * population, minlength=k) / np.bincount(
            strata, weights=population.astype(float), minlength=k
        )
        arms = [_arm_line(strata[t == arm], logit[t == arm], y[t == arm], k) for arm in (0, 1)]
        (c0, m0, b0, v0), (c1, m1, b1, v1) = (
            (line.count, line.mean_at(target), line.slope, line.variance_at(target))
            for line in arms
        )
        tau_k = m1 - m0
        if self.estimand == "ATT":
            # The treated side is mean(y - b0 l) over the stratum's treated: its own spread.
            shifted = y - b0[strata] * logit
            v1 = _stratum_variance(strata[t == 1], shifted[t == 1], k) / c1
            var_k = v1 + v0
        else:
            spread = _stratum_variance(strata, logit, k) / (c0 + c1)
            var_k = v1 + v0 + (b1 - b0) ** 2 * spread
        size = c1 if self.estimand == "ATT" else c0 + c1
        w = size / size.sum()
        estimate = float(w @ tau_k)
        between = float(w @ (tau_k - estimate) ** 2) / size.sum()
        std_error = np.sqrt(float(w**2 @ var_k) + between)
        method = (
            f"Subclassification on {k} balanced propensity strata ({self.estimand} weights), "
            "adjusted within strata along the logit score; "
            "SE = sqrt(sum w_k^2 var_k + stratum-share variance)"
        )
        return EffectEstimate(estimate, float(std_error), method)

    def _n_strata(self, n: int) -> int:
        if self.n_strata is None:
            return int(np.clip(round(np.sqrt(n) / 4), 5, 50))
        if self.n_strata < 1:
            raise ValueError("n_strata must be >= 1")
        return int(self.n_strata)
