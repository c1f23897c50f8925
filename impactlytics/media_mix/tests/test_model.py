"""The fit, what it implies, the bootstrap, the cross-validation and the optimizer, on the
demo simulator's data (one year hourly, fitted once per module)."""

import numpy as np
import pytest

from impactlytics.media_mix.bootstrap import block_weights
from impactlytics.media_mix.crossval import cross_validate, time_slices
from impactlytics.media_mix.effects import (
    channel_summary,
    contributions_over_time,
    media_effect,
    response_curve,
)
from impactlytics.media_mix.model import Candidate, MediaMixFit, fit_media_mix
from impactlytics.media_mix.optimizer import optimize_allocation

from .synthetic import simulated_data


@pytest.fixture(scope="module")
def simulated():
    return simulated_data(n_weeks=52, seed=11)


@pytest.fixture(scope="module")
def fitted(simulated):
    data, _ = simulated
    return fit_media_mix(data)


def test_fit_recovers_roi_and_carryover(simulated, fitted):
    data, truth = simulated
    summary = channel_summary(fitted, data)
    roi_error = summary["roi"] / truth["true_roi"].to_numpy() - 1
    half_life_error = fitted.half_life_periods() / truth["half_life_hours"].to_numpy() - 1
    assert np.abs(roi_error).mean() < 0.1 and np.abs(roi_error).max() < 0.25
    assert np.abs(half_life_error).max() < 0.3
    assert (fitted.overlap_coef < 0).all()


def test_contribution_is_the_outcome_lost_with_the_channel_at_zero(simulated, fitted):
    data, _ = simulated
    contributions = contributions_over_time(fitted, data).sum(axis=0)
    for c in range(len(data.channels)):
        zeroed = np.ones(len(data.channels))
        zeroed[c] = 0.0
        lost = fitted.predict(data).sum() - fitted.predict(data.scaled(zeroed)).sum()
        assert contributions[c] == pytest.approx(lost, rel=1e-9)
        curve, marginal = response_curve(fitted, data, c, np.array([0.0, 1.0]))
        assert curve[0] == pytest.approx(0.0, abs=1e-6)
        assert curve[1] == pytest.approx(contributions[c], rel=1e-9)
        assert marginal[1] == pytest.approx(channel_summary(fitted, data)["marginal_roi"][c])


def test_parameters_survive_the_json_round_trip(simulated, fitted):
    data, _ = simulated
    restored = MediaMixFit.from_dict(fitted.to_dict())
    np.testing.assert_allclose(restored.predict(data), fitted.predict(data))


def test_block_weights_resample_whole_blocks():
    rng = np.random.default_rng(0)
    weights = block_weights(1000, 168, rng)
    assert weights.sum() == 168 * 6 and (weights >= 0).all()
    assert np.count_nonzero(np.diff(weights)) <= 12


def test_time_slices_are_consecutive_and_end_the_series():
    slices = time_slices(1000, 3)
    assert [s.start for s in slices] == [750, 833, 917] and slices[-1].stop == 1000


def test_cross_validation_scores_every_candidate_on_every_fold(simulated):
    data, _ = simulated
    rows = cross_validate(data, [Candidate("geometric"), Candidate("weibull", "weibull")], 2)
    assert [(r["candidate"], r["fold"]) for r in rows] == [
        ("geometric", 1),
        ("weibull", 1),
        ("geometric", 2),
        ("weibull", 2),
    ]
    assert all(0 < r["mape"] < 0.1 for r in rows)


def test_optimizer_respects_budget_bounds_and_fixed_channels(simulated, fitted):
    data, _ = simulated
    spend = data.spend.sum(axis=0)
    bounds = {"google": (0.8, 1.2)}
    multipliers = optimize_allocation(fitted, data, bounds, fixed={"youtube"})
    assert multipliers @ spend == pytest.approx(spend.sum(), rel=1e-6)
    assert multipliers[1] == 1.0 and 0.8 - 1e-9 <= multipliers[2] <= 1.2 + 1e-9
    assert ((multipliers >= 0.5 - 1e-9) & (multipliers <= 1.5 + 1e-9)).all()
    ones = np.ones(len(spend))
    assert media_effect(fitted, data, multipliers) > media_effect(fitted, data, ones)
    with pytest.raises(ValueError, match="cannot be spent within the channel bounds"):
        optimize_allocation(fitted, data, {}, set(), total_budget=3 * spend.sum())
