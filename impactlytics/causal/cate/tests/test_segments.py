"""GATES groups with intervals that cover the true group effects; readable tree rules."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from impactlytics.causal.cate import (
    DRLearner,
    cross_fit_nuisances,
    quantile_groups,
    segment_effect,
    tree_segments,
)
from impactlytics.causal.cate.tests.conftest import synthetic


def test_quantile_groups_are_equal_sized_and_ordered():
    tau = np.random.default_rng(0).normal(size=103)
    groups = quantile_groups(tau, 5)
    assert set(np.bincount(groups)[1:]) == {20, 21}
    means = [tau[groups == g].mean() for g in range(1, 6)]
    assert means == sorted(means)


def test_gates_intervals_cover_the_true_group_effects():
    """Over 12 replications x 5 groups, the 95% intervals cover the groups' true mean tau."""
    covered = []
    for seed in range(12):
        s = synthetic(n=800, seed=100 + seed)
        nuisances = cross_fit_nuisances(s.X, s.t, s.y, s.e, random_state=seed)
        proxy = DRLearner(random_state=seed).fit(s.X, s.t, s.y, s.e, nuisances=nuisances)
        groups = quantile_groups(proxy.oof_effect_, 5)
        psi = nuisances.data.pseudo_outcome
        for group in range(1, 6):
            effect = segment_effect(psi[groups == group])
            truth = s.tau[groups == group].mean()
            covered.append(effect.ci_lower <= truth <= effect.ci_upper)
    assert np.mean(covered) >= 0.85


def test_tree_rules_reproduce_their_members_in_sql():
    rng = np.random.default_rng(1)
    n = 600
    frame = pd.DataFrame(
        {
            "followers": rng.integers(0, 50_000, n),
            "ratio": rng.normal(size=n),
            "category": rng.choice(["music", "sports", "o'hara"], n),
        }
    )
    names = ("followers", "ratio", "category=music", "category=o'hara")
    x = np.column_stack(
        [
            frame["followers"],
            frame["ratio"],
            frame["category"] == "music",
            frame["category"] == "o'hara",
        ]
    ).astype(float)
    tau = (frame["followers"] > 20_000) + 2 * (frame["category"] == "music") + frame["ratio"]
    rules = tree_segments(x, tau.to_numpy(float), names)
    assert 2 <= len(set(rules)) <= 4
    for rule in set(rules):
        in_sql = duckdb.sql(f"select count(*) from frame where {rule}").fetchall()[0][0]
        assert in_sql == (rules == rule).sum(), rule
