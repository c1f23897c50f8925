import numpy as np
import pytest

from impactlytics.causal.sensitivity import (
    e_value,
    e_value_of_interval,
    partial_r2,
    regression_sensitivity,
    robustness_value,
)

# Cinelli & Hazlett (2020), Darfur example: directlyharmed, t = 4.18445 on 783 dof; sensemakr
# reports partial R2 2.19%, RV_{q=1} 13.9% and RV_{q=1, alpha=0.05} 7.6%.
DARFUR_T, DARFUR_DOF = 4.18445, 783


def test_partial_r2_and_robustness_values_reproduce_the_darfur_example():
    assert partial_r2(DARFUR_T, DARFUR_DOF) == pytest.approx(0.021873, abs=1e-6)
    assert robustness_value(DARFUR_T, DARFUR_DOF) == pytest.approx(0.1388, abs=5e-4)
    assert robustness_value(DARFUR_T, DARFUR_DOF, alpha=0.05) == pytest.approx(0.0763, abs=5e-4)


def test_robustness_value_is_zero_when_the_estimate_is_not_significant():
    assert robustness_value(1.5, 500, alpha=0.05) == 0.0
    assert robustness_value(1.5, 500) > 0


def test_robustness_value_explains_the_estimate_away():
    """A confounder with partial R2 = RV with both treatment and outcome biases the estimate by
    exactly its size: |bias| = se sqrt(dof R2_yz R2_dz / (1 - R2_dz)) (Cinelli & Hazlett eq. 11)."""
    t_value, dof, std_error = 3.0, 400, 0.5
    rv = robustness_value(t_value, dof)
    bias = std_error * np.sqrt(dof * rv * rv / (1 - rv))
    assert bias == pytest.approx(t_value * std_error, rel=1e-9)


def test_e_value_reproduces_vanderweele_and_ding():
    """Their example: RR 3.9 (95% CI 1.8 to 8.7) has E-values 7.26 and 3.0."""
    assert e_value(3.9) == pytest.approx(7.26, abs=0.005)
    assert e_value_of_interval(1.8, 8.7) == pytest.approx(3.0, abs=1e-9)
    assert e_value(1 / 3.9) == pytest.approx(e_value(3.9))
    assert e_value_of_interval(0.8, 1.3) == 1.0


def test_regression_sensitivity_of_a_strong_and_a_null_effect():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 2))
    t = rng.binomial(1, 1 / (1 + np.exp(-x[:, 0])))
    strong = regression_sensitivity(x, t, x[:, 0] + 0.5 * t + rng.normal(size=3000))
    null = regression_sensitivity(x, t, x[:, 0] + rng.normal(size=3000))
    assert strong.estimate == pytest.approx(0.5, abs=0.1)
    assert strong.robustness_value_alpha > 0.1 > null.robustness_value_alpha
    assert strong.e_value_ci > 1.0 and "continuous" in strong.risk_ratio_scale
    binary = regression_sensitivity(x, t, rng.binomial(1, 0.2 + 0.2 * t).astype(float))
    assert binary.risk_ratio == pytest.approx(2.0, rel=0.2)
    assert "linear probability" in binary.risk_ratio_scale
