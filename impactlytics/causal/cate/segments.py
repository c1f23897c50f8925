"""Segments of units by predicted effect, each with an AIPW effect and interval: quantile
groups of the out-of-fold CATE (GATES) and the leaves of a shallow tree, as SQL-readable rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.tree import DecisionTreeRegressor

from impactlytics.causal.results import normal_inference


@dataclass(frozen=True)
class SegmentEffect:
    """Mean AIPW score of a segment's units: its average effect, SE = sd / sqrt(n)."""

    n_units: int
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float


def segment_effect(scores: np.ndarray, alpha: float = 0.05) -> SegmentEffect:
    """Average effect of the units whose AIPW scores are ``scores`` (n,), n >= 2."""
    psi = np.asarray(scores, dtype=float)
    estimate = float(psi.mean())
    std_error = float(psi.std(ddof=1) / np.sqrt(psi.size))
    ci_lower, ci_upper, _ = normal_inference(estimate, std_error, alpha)
    return SegmentEffect(psi.size, estimate, std_error, ci_lower, ci_upper)


def quantile_groups(tau: np.ndarray, n_groups: int = 5) -> np.ndarray:
    """Group 1 (lowest predicted effect) to ``n_groups`` per unit, shape (n,), groups of equal
    size up to one unit, ties broken by position."""
    groups = np.empty(len(tau), dtype=np.int64)
    for group, rows in enumerate(np.array_split(np.argsort(tau, kind="stable"), n_groups), 1):
        groups[rows] = group
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
) -> np.ndarray:
    """Each unit's leaf of a shallow regression tree of ``tau`` (n,) on X (n, d), as a rule
    over the study's columns (``followers > 12000 and category = 'music'``); "true" when the
    tree does not split. Thresholds are the shortest decimals that split the node's units as
    the tree does, so the rule text reproduces the membership exactly."""
    x = np.asarray(X, dtype=float)
    tree = DecisionTreeRegressor(
        max_depth=max_depth,
        min_samples_leaf=max(2, int(min_leaf_fraction * len(tau))),
        random_state=random_state,
    ).fit(x, tau)
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
