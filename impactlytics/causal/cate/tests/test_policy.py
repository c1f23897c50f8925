"""Qini curve, AUUC and policy values of targeting by predicted CATE."""

from __future__ import annotations

import numpy as np
import pytest

from impactlytics.causal.cate import auuc, policy_values


def test_policy_values_follow_the_ranking_and_end_at_the_ate(cate_fit, study):
    psi = cate_fit.data.pseudo_outcome
    values = policy_values(cate_fit.learners[cate_fit.selected].oof_effect_, psi)
    assert [v.fraction_targeted for v in values] == pytest.approx([k / 10 for k in range(1, 11)])
    assert values[-1].gain_vs_none == pytest.approx(psi.mean())
    assert values[-1].gain_vs_all == 0
    # tau = 1 + x0 + 0.5 [x1 > 0] is negative for about a fifth of the units: leaving them out
    # beats treating all, and every fraction beats choosing its units at random.
    assert values[7].gain_vs_all > 0
    assert all(v.gain_vs_none > v.random_gain for v in values[:-1])
    half = values[4]
    assert half.gain_vs_none_ci_lower <= half.gain_vs_none <= half.gain_vs_none_ci_upper
    assert auuc(values) > 0.1


def test_auuc_is_zero_without_information():
    rng = np.random.default_rng(0)
    psi = np.ones(1000) + rng.normal(scale=0.01, size=1000)
    values = policy_values(rng.normal(size=1000), psi)
    assert auuc(values) == pytest.approx(0, abs=1e-3)
