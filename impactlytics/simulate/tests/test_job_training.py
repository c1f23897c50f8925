"""Tests for the job-training simulator: the shape of a small treated group in a large pool."""

from __future__ import annotations

import numpy as np
import pandas as pd

from impactlytics.simulate.job_training import (
    COVARIATES,
    RAW_COLUMNS,
    TRUTH_COLUMNS,
    population_att,
    propensity_and_effects,
    simulate_job_training,
)


def test_columns_and_determinism() -> None:
    raw, truth = simulate_job_training(3_000, seed=4)
    assert list(raw.columns) == list(RAW_COLUMNS)
    assert list(truth.columns) == list(TRUTH_COLUMNS)
    assert raw["person_id"].is_unique and (raw["person_id"] == truth["person_id"]).all()
    again, _ = simulate_job_training(3_000, seed=4)
    pd.testing.assert_frame_equal(raw, again)
    other, _ = simulate_job_training(3_000, seed=5)
    assert not raw["earnings_after"].equals(other["earnings_after"])


def test_few_treated_among_many_unlike_controls() -> None:
    raw, truth = simulate_job_training(40_000, seed=1)
    treated = raw["is_trained"].to_numpy() == 1
    e = truth["true_propensity"].to_numpy()
    assert 0.01 < treated.mean() <= 0.03
    assert np.mean(e[~treated] < 0.01) > 0.6
    assert np.median(e[treated]) > 10 * np.median(e[~treated])
    assert (raw["earnings_after"] > 0).all()
    assert (raw[list(COVARIATES)].notna()).all().all()


def test_truth_is_consistent_with_the_sample() -> None:
    raw, truth = simulate_job_training(40_000, seed=2)
    fx = propensity_and_effects(raw)
    np.testing.assert_allclose(fx.propensity, truth["true_propensity"])
    tau = truth["tau_earnings_after"].to_numpy()
    assert tau.min() > 0 and tau.std() > 0.3  # heterogeneous, positive effects
    treated = raw["is_trained"].to_numpy() == 1
    att = population_att(n=400_000)
    assert abs(tau[treated].mean() - att) < 0.15
    naive = raw["earnings_after"][treated].mean() - raw["earnings_after"][~treated].mean()
    assert naive < 0 < att  # the treated earn far less: the naive contrast has the wrong sign
