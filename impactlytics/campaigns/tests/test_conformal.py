import numpy as np
import pytest

from impactlytics.campaigns.conformal import conformal_quantile


def test_rank_is_ceil_of_n_plus_one_times_level():
    residuals = np.arange(1.0, 20.0)  # n = 19: rank ceil(20 * 0.95) = 19, the largest
    assert conformal_quantile(residuals, 0.95) == 19.0
    assert conformal_quantile(residuals, 0.90) == 18.0  # ceil(20 * 0.9) = 18
    assert np.isinf(conformal_quantile(residuals[:18], 0.95))  # ceil(19 * 0.95) = 19 > 18


def test_columns_are_separate_and_signs_ignored():
    residuals = np.column_stack([np.arange(1.0, 100.0), -10 * np.arange(1.0, 100.0)])
    np.testing.assert_array_equal(conformal_quantile(residuals, 0.5), [50.0, 500.0])


@pytest.mark.parametrize("n_calibration", [19, 99])
def test_finite_sample_coverage(n_calibration):
    """Over many draws, coverage is within [level, level + 1 / (n + 1)] (up to MC error)."""
    rng = np.random.default_rng(0)
    draws = 20_000
    calibration = rng.standard_t(3, size=(draws, n_calibration))
    new = rng.standard_t(3, size=draws)
    q = np.array([conformal_quantile(row, 0.95) for row in np.abs(calibration)])
    coverage = np.mean(np.abs(new) <= q)
    mc_error = 3 * np.sqrt(0.05 * 0.95 / draws)
    assert 0.95 - mc_error <= coverage <= 0.95 + 1 / (n_calibration + 1) + mc_error
