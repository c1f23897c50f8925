"""Every CATE learner recovers a known heterogeneous effect; the interface behaves alike."""

from __future__ import annotations

import numpy as np
import pytest

from impactlytics.causal.cate import (
    CATE_LEARNERS,
    CausalForestLearner,
    StackedEnsemble,
    TARNetLearner,
    cross_fit_nuisances,
)
from impactlytics.causal.cate.tests.conftest import sqrt_pehe, synthetic


@pytest.mark.parametrize("name", sorted(set(CATE_LEARNERS) - {"constant"}))
def test_learner_beats_a_constant_effect(name, cate_fit, study):
    """√PEHE within sample and out of fold well below the best constant's (sd of tau ~1.03)."""
    learner = cate_fit.learners[name]
    constant = sqrt_pehe(np.full_like(study.tau, study.tau.mean()), study.tau)
    assert sqrt_pehe(learner.effect(study.X), study.tau) < 0.6 * constant
    assert sqrt_pehe(learner.oof_effect_, study.tau) < 0.6 * constant
    assert learner.oof_effect_.shape == study.tau.shape


@pytest.mark.parametrize("learner", [TARNetLearner, CausalForestLearner])
def test_learners_are_deterministic_given_random_state(learner, study, nuisances):
    first = learner(random_state=3).fit(study.X, study.t, study.y, study.e, nuisances=nuisances)
    again = learner(random_state=3).fit(study.X, study.t, study.y, study.e, nuisances=nuisances)
    np.testing.assert_array_equal(first.effect(study.X), again.effect(study.X))
    np.testing.assert_array_equal(first.oof_effect_, again.oof_effect_)


def test_forest_interval_brackets_its_estimate(cate_fit, study):
    forest = cate_fit.learners["causal_forest"]
    lower, upper = forest.effect_interval(study.X[:200])
    effect = forest.effect(study.X[:200])
    assert np.all(lower <= effect) and np.all(effect <= upper)
    assert np.mean((lower <= study.tau[:200]) & (study.tau[:200] <= upper)) > 0.7


def test_learners_without_interval_say_so(cate_fit, study):
    with pytest.raises(NotImplementedError, match="s_learner has no effect interval"):
        cate_fit.learners["s_learner"].effect_interval(study.X)


def test_learner_fits_its_own_nuisances_when_none_are_given(study, nuisances):
    own = CATE_LEARNERS["dr_learner"]().fit(study.X, study.t, study.y, study.e)
    shared = CATE_LEARNERS["dr_learner"]().fit(
        study.X, study.t, study.y, study.e, nuisances=nuisances
    )
    np.testing.assert_array_equal(own.effect(study.X), shared.effect(study.X))


def test_ensemble_weights_are_non_negative_and_combine_members(cate_fit, study):
    ensemble = cate_fit.learners[StackedEnsemble.name]
    weights = ensemble.weights_
    assert set(weights) == set(CATE_LEARNERS) and min(weights.values()) >= 0
    combined = sum(w * cate_fit.learners[name].effect(study.X) for name, w in weights.items())
    np.testing.assert_allclose(ensemble.effect(study.X), combined)


def test_out_of_fold_effects_do_not_depend_on_the_units_own_outcomes():
    """Changing the outcomes of one fold leaves every learner's out-of-fold CATE there as it
    was: what model selection and the segments rely on."""
    s = synthetic(n=600, seed=2)
    nuisances = cross_fit_nuisances(s.X, s.t, s.y, s.e)
    fold = nuisances.folds[0][1]
    y = s.y.copy()
    y[fold] += np.random.default_rng(0).normal(scale=3.0, size=fold.size)
    changed = cross_fit_nuisances(s.X, s.t, y, s.e)
    for name, learner in CATE_LEARNERS.items():
        if name == "tarnet":  # trained on raw outcomes like the S-learner; slow to repeat
            continue
        before = learner().fit(s.X, s.t, s.y, s.e, nuisances=nuisances).oof_effect_[fold]
        after = learner().fit(s.X, s.t, y, s.e, nuisances=changed).oof_effect_[fold]
        np.testing.assert_allclose(before, after, err_msg=name)
