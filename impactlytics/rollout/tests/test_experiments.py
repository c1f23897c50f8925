"""Experiment design checks against independent implementations."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.power import NormalIndPower

from impactlytics.rollout.experiments import (
    minimum_detectable_effect,
    power_table,
    srm_table,
    srm_test,
    within_strata_std,
)
from impactlytics.rollout.panel import RolloutInputError


def test_srm_statistic_is_pearsons_chi_square():
    observed = np.array([5100, 4900, 10150])
    shares = np.array([0.25, 0.25, 0.5])
    expected = observed.sum() * shares
    test = srm_test(observed, shares)
    assert test.statistic == pytest.approx(((observed - expected) ** 2 / expected).sum())
    assert test.df == 2
    assert srm_test(np.array([5000, 4600]), np.array([0.5, 0.5])).passed is False
    assert srm_test(np.array([5000, 4950]), np.array([0.5, 0.5])).passed is True


def test_mde_has_the_target_power_in_statsmodels():
    """At the MDE, the one-sided level-alpha/2 z-test has exactly the target power (the
    two-sided test adds the negligible chance of rejecting in the wrong direction)."""
    std, n_control, n_arm = 12.0, 800, 400
    mde = minimum_detectable_effect(std, n_control, n_arm, alpha=0.05, power=0.8)
    power = NormalIndPower().power(
        effect_size=mde / std,
        nobs1=n_control,
        ratio=n_arm / n_control,
        alpha=0.025,
        alternative="larger",
    )
    assert power == pytest.approx(0.8, rel=1e-9)


def test_within_strata_std_is_the_residual_sd_of_stratum_fixed_effects():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"stratum": rng.choice(list("abcd"), 500), "y": rng.normal(size=500)})
    frame["y"] += frame["stratum"].map({"a": 0.0, "b": 2.0, "c": -1.0, "d": 5.0})
    residual_sd = np.sqrt(smf.ols("y ~ C(stratum)", frame).fit().mse_resid)
    assert within_strata_std(frame["y"], frame["stratum"]) == pytest.approx(residual_sd, rel=1e-9)


def experiment(**overrides) -> pd.DataFrame:
    spec = {
        "name": "e",
        "data": "memory",
        "arms": {"control": 0.5, "a": 0.25, "b": 0.25},
        "control_arm": "control",
        "metric": "m",
        "observed_arm": None,
        "alpha": 0.05,
        "power": 0.8,
        **overrides,
    }
    return pd.DataFrame({"experiment_name": ["e"], "spec_json": [json.dumps(spec)]})


def assignments(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "experiment_name": "e",
            "arm": np.array(["control", "control", "a", "b"])[np.arange(n) % 4],
            "stratum": rng.choice(["s", "t"], n),
            "metric_value": rng.normal(10, 2, n),
            "observed_arm": rng.choice(["control", "a", "b", None], n, p=[0.5, 0.2, 0.2, 0.1]),
        }
    )


def test_tables_cover_every_arm_and_use_observed_arms_when_declared():
    power = power_table(experiment(), assignments())
    assert list(power["arm"]) == ["a", "b"] and (power["n_units_control"] == 200).all()
    assigned = srm_table(experiment(), assignments())
    assert assigned["passed"].all() and set(assigned["count_source"]) == {"assignment"}
    observed = srm_table(experiment(observed_arm="seen"), assignments())
    assert observed["observed_units"].sum() < 400
    assert set(observed["count_source"]) == {"observed_arm"}


def test_undeclared_observed_arm_fails_naming_the_experiment_and_column():
    units = assignments().assign(observed_arm="holdout")
    with pytest.raises(RolloutInputError, match="experiment 'e'.*column 'seen'"):
        srm_table(experiment(observed_arm="seen"), units)
