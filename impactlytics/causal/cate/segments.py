"""Segments of units by predicted effect, each with an AIPW effect and interval: quantile
groups of the out-of-fold CATE (GATES) and the leaves of a shallow tree, as SQL-readable rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.tree import DecisionTreeRegressor

from impactlytics.causal.cate.scores import ratio_influence
from impactlytics.causal.results import normal_inference


@dataclass(frozen=True)
class SegmentEffect:
    """A segment's average effect from its units' estimand scores (see
    :mod:`impactlytics.causal.cate.scores`); ``n_units`` counts its units in the estimand's
    population."""

    n_units: int
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float


def segment_effect(
    scores: np.ndarray, weights: np.ndarray | None = None, alpha: float = 0.05
) -> SegmentEffect:
    """Average effect sum(scores) / sum(weights) of a segment's units (weights default to 1:
    the mean AIPW score), SE from its influence function, sd / sqrt(n)."""
    psi = np.asarray(scores, dtype=float)
    w = np.ones(psi.size) if weights is None else np.asarray(weights, dtype=float)
    estimate, influence = ratio_influence(psi, w)
    std_error = float(influence.std(ddof=1) / np.sqrt(psi.size))
    ci_lower, ci_upper, _ = normal_inference(estimate, std_error, alpha)
    return SegmentEffect(int((w > 0).sum()), estimate, std_error, ci_lower, ci_upper)


def quantile_groups(
    tau: np.ndarray, n_groups: int = 5, target: np.ndarray | None = None
) -> np.ndarray:
    """Group 1 (lowest predicted effect) to ``n_groups`` per unit, shape (n,): the ``target``
    units (default all) in groups of equal size up to one unit, ties broken by position; the
    other units in the group whose range of predicted effects holds theirs."""
    tau = np.asarray(tau, dtype=float)
    inside = np.ones(tau.size, dtype=bool) if target is None else np.asarray(target, dtype=bool)
    groups = np.empty(tau.size, dtype=np.int64)
    members = np.flatnonzero(inside)
    splits = np.array_split(members[np.argsort(tau[members], kind="stable")], n_groups)
    for group, rows in enumerate(splits, 1):
        groups[rows] = group
    upper_edges = [tau[rows].max() for rows in splits[:-1]]
    groups[~inside] = np.searchsorted(upper_edges, tau[~inside], side="left") + 1
    return groups


def _readable_threshold(low: float, high: float) -> float:
    """The shortest decimal r with low <= r < high (a split between two observed values)."""
    for digits in range(1, 17):
        candidate = float(f"{(low + high) / 2:.{digits}g}")
        if low <= candidate < high:
            return candidate
    return low


def _rule(conditions: dict[tuple[str, bool], float]) -> str:
    """SQL-readable conjunction of (column, goes_right) -> threshold; "true" when empty."""
    parts = []
    for (name, goes_right), threshold in conditions.items():
        if "=" in name:  # one-hot indicator column=level
            column, level = name.split("=", 1)
            quoted = level.replace("'", "''")
            parts.append(f"{column} {'=' if goes_right else '<>'} '{quoted}'")
        else:
            value = str(int(threshold)) if threshold == int(threshold) else repr(threshold)
            parts.append(f"{name} {'>' if goes_right else '<='} {value}")
    return " and ".join(parts) or "true"


def tree_segments(
    X: np.ndarray,  # noqa: N803 (scikit-learn convention)
    tau: np.ndarray,
    feature_names: tuple[str, ...],
    max_depth: int = 2,
    min_leaf_fraction: float = 0.05,
    random_state: int = 0,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Each unit's leaf of a shallow regression tree of ``tau`` (n,) on X (n, d), as a rule
    over the study's columns (``followers > 12000 and category = 'music'``); "true" when the
    tree does not split. Thresholds are the shortest decimals that split the node's units as
    the tree does, so the rule text reproduces the membership exactly. ``weights`` (n,) weigh
    the units in the fit (0: placed in a leaf but not fitted on, e.g. the controls of an ATT
    study); each leaf holds at least ``min_leaf_fraction`` of the total weight."""
    x = np.asarray(X, dtype=float)
    tree = DecisionTreeRegressor(
        max_depth=max_depth,
        min_weight_fraction_leaf=min_leaf_fraction,
        min_samples_leaf=2,
        random_state=random_state,
    ).fit(x, tau, sample_weight=weights)
    structure = tree.tree_
    rules = np.empty(len(tau), dtype=object)

    def visit(node: int, rows: np.ndarray, conditions: dict[tuple[str, bool], float]) -> None:
        if structure.children_left[node] < 0:
            rules[rows] = _rule(conditions)
            return
        feature = structure.feature[node]
        values = x[rows, feature]
        left = values <= structure.threshold[node]
        threshold = _readable_threshold(values[left].max(), values[~left].min())
        name = feature_names[feature]
        # A later split on the same column and side is the tighter bound and replaces it.
        visit(structure.children_left[node], rows[left], {**conditions, (name, False): threshold})
        visit(structure.children_right[node], rows[~left], {**conditions, (name, True): threshold})

    visit(0, np.arange(len(tau)), {})
    return rules
