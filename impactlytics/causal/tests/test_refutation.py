import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from impactlytics.causal.refutation import REFUTERS, RefutationInputs, refute


def confounded(n=1500, seed=0, effect=0.5) -> RefutationInputs:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    e = 1 / (1 + np.exp(-x[:, 0]))
    t = rng.binomial(1, e)
    y = 2 * x[:, 0] + np.sin(x[:, 1]) + effect * t + rng.normal(size=n)
    return RefutationInputs(x, t, y, e, "logistic")


@pytest.fixture(scope="module")
def refutations():
    with threadpool_limits(limits=1):
        return {r.refuter: r for r in refute(confounded(), "aipw", n_repeats=2, random_state=1)}


def test_every_refuter_passes_on_a_well_specified_study(refutations):
    assert list(refutations) == list(REFUTERS)
    for result in refutations.values():
        assert result.passed, result
        assert result.acceptance_lower <= result.new_estimate <= result.acceptance_upper


def test_placebo_and_dummy_expect_zero_while_the_original_is_far_from_it(refutations):
    original = refutations["placebo_treatment"].original_estimate
    assert original == pytest.approx(0.5, abs=0.2)
    for name in ("placebo_treatment", "dummy_outcome"):
        assert refutations[name].expected_estimate == 0.0
        assert abs(refutations[name].new_estimate) < 0.15
        assert 0 < refutations[name].p_value <= 1
    for name in ("random_common_cause", "data_subset"):
        assert np.isnan(refutations[name].p_value)
        assert refutations[name].expected_estimate == refutations[name].original_estimate


def test_subsets_are_checked_against_their_own_sampling_error(refutations):
    """An 80% subsample's SE is about the original's / sqrt(0.8)."""
    subset = refutations["data_subset"]
    assert subset.new_std_error == pytest.approx(subset.original_std_error / np.sqrt(0.8), rel=0.15)


def test_dummy_outcome_fails_an_estimator_that_ignores_the_confounders():
    with threadpool_limits(limits=1):
        results = refute(confounded(seed=3), "difference_in_means", n_repeats=1, random_state=0)
    dummy = {r.refuter: r for r in results}["dummy_outcome"]
    assert not dummy.passed and dummy.p_value < 1e-6


def test_unknown_estimator_is_refused():
    with pytest.raises(ValueError, match="unknown estimator 'lasso'"):
        refute(confounded(n=100), "lasso")
