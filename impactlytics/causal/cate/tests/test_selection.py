"""Choosing a learner without ground truth, and the heterogeneity test."""

from __future__ import annotations

import numpy as np
import pytest

from impactlytics.causal.cate import blp_test, fit_cate, r_loss
from impactlytics.causal.cate.tests.conftest import sqrt_pehe, synthetic


def test_r_loss_selects_a_good_learner(cate_fit, study):
    """Without looking at tau, the R-loss picks a learner within 1.4x of the best √PEHE and
    ranks the worst learner in its bottom half."""
    learners = cate_fit.learners.items()
    pehe = {name: sqrt_pehe(lrn.effect(study.X), study.tau) for name, lrn in learners}
    assert cate_fit.selected == min(cate_fit.r_loss, key=cate_fit.r_loss.__getitem__)
    assert pehe[cate_fit.selected] <= 1.4 * min(pehe.values())
    assert pehe[cate_fit.selected] < 0.35 * np.std(study.tau)
    worst = max(pehe, key=pehe.__getitem__)
    assert cate_fit.r_loss[worst] > np.median(list(cate_fit.r_loss.values()))


def test_r_loss_ranks_truth_above_a_constant(cate_fit, study):
    constant = np.full_like(study.tau, study.tau.mean())
    assert r_loss(cate_fit.data, study.tau) < r_loss(cate_fit.data, constant)


def test_unknown_learner_is_refused():
    s = synthetic(n=200)
    with pytest.raises(ValueError, match="unknown CATE learners \\['lasso'\\]"):
        fit_cate(s.X, s.t, s.y, s.e, learners=["t_learner", "lasso"])


def test_blp_detects_heterogeneity(cate_fit):
    test = blp_test(cate_fit.data.pseudo_outcome, cate_fit.learners[cate_fit.selected].oof_effect_)
    assert test.p_value < 1e-6
    assert test.ci_lower < 1 < test.ci_upper or abs(test.estimate - 1) < 0.2


def test_blp_finds_none_under_a_constant_effect():
    s = synthetic(n=2000, seed=4, heterogeneous=False)
    fit = fit_cate(s.X, s.t, s.y, s.e, learners=["dr_learner"])
    test = blp_test(fit.data.pseudo_outcome, fit.learners["dr_learner"].oof_effect_)
    assert test.p_value > 0.01


def test_blp_of_the_constant_learner_finds_no_heterogeneity():
    """Its out-of-fold proxy is the other folds' average score: a slope near -(K - 1) by
    construction, which a two-sided test took for heterogeneity (p 0.008 on this draw)."""
    s = synthetic(n=2000, seed=102, heterogeneous=False)
    fit = fit_cate(s.X, s.t, s.y, s.e, learners=["constant"])
    test = blp_test(fit.data.pseudo_outcome, fit.learners["constant"].oof_effect_)
    assert test.estimate < 0 and test.p_value > 0.5
