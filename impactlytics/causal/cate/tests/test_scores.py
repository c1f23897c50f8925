"""The estimand scores: ATT segments, tests and policy values over the treated."""

from __future__ import annotations

import numpy as np
import pytest

from impactlytics.causal.cate import (
    ConstantEffect,
    blp_test,
    policy_values,
    quantile_groups,
    segment_effect,
)
from impactlytics.causal.cate.scores import estimand_scores
from impactlytics.causal.estimators import AIPW


@pytest.fixture(scope="module")
def att(nuisances):
    return estimand_scores(nuisances.data, "ATT")


def test_att_scores_are_the_aipw_att_on_the_cate_nuisances(study, nuisances, att):
    """Exactly the AIPW ATT (estimate and SE) with the CATE stage's own outcome models, and
    within a fraction of an SE of the AIPW estimator's, whose outcome models are trees only."""
    data = nuisances.data
    p = data.t.mean()
    numerator = data.t * (data.y - data.mu0) - (1 - data.t) * data.e / (1 - data.e) * (
        data.y - data.mu0
    )
    estimate = numerator.mean() / p
    influence = (numerator - data.t * estimate) / p
    effect = segment_effect(att.score, att.weight)
    assert effect.estimate == pytest.approx(estimate, abs=1e-9)
    assert effect.std_error == pytest.approx(
        np.std(influence, ddof=1) / np.sqrt(data.t.size), rel=1e-6
    )
    aipw = AIPW(estimand="ATT").fit(study.X, study.t, study.y, study.e).result_
    assert abs(effect.estimate - aipw.estimate) < 0.25 * aipw.std_error
    assert effect.n_units == study.t.sum()
    assert (att.target == (study.t == 1)).all()


def test_att_groups_are_quantiles_of_the_treated(study):
    tau = study.tau + np.random.default_rng(0).normal(size=study.tau.size)
    treated = study.t == 1
    groups = quantile_groups(tau, 4, target=treated)
    assert set(np.bincount(groups[treated])[1:]) <= {treated.sum() // 4, treated.sum() // 4 + 1}
    # a control lies in the group whose range of treated predictions holds its own
    highest_in_group = [tau[treated & (groups == g)].max() for g in range(1, 5)]
    controls = np.flatnonzero(~treated)
    for unit in controls[:50]:
        expected = 1 + sum(tau[unit] > edge for edge in highest_in_group[:-1])
        assert groups[unit] == expected


def test_att_policy_ends_at_the_att_and_blp_finds_heterogeneity(study, att):
    values = policy_values(study.tau, att.score, att.weight)
    assert values[-1].gain_vs_none == pytest.approx(att.score.sum() / att.weight.sum())
    assert values[-1].n_targeted == study.t.sum()
    assert values[4].gain_vs_none > values[4].random_gain
    test = blp_test(att.score, study.tau, att.weight)
    assert test.estimate == pytest.approx(1.0, abs=0.3) and test.p_value < 1e-6
    assert test.n_units == study.t.sum()


def test_constant_learner_of_an_att_study_is_the_aipw_att(study, nuisances, att):
    constant = ConstantEffect(estimand="ATT").fit(
        study.X, study.t, study.y, study.e, nuisances=nuisances
    )
    expected = att.score.sum() / att.weight.sum()
    assert constant.effect(study.X[:3]) == pytest.approx([expected] * 3, abs=1e-9)
