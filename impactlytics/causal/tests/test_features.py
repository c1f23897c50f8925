import numpy as np
import pytest

from impactlytics.causal.estimators import IPW, RegressionAdjustment
from impactlytics.causal.features import AdditiveSplineFeatures
from impactlytics.causal.propensity import PropensityModel


def log_confounded(n=6000, seed=0):
    """Confounding through log(followers) while the model sees raw followers."""
    rng = np.random.default_rng(seed)
    followers = np.exp(rng.normal(8, 1.5, size=n))
    flag = rng.integers(0, 2, size=n).astype(float)
    z = (np.log(followers) - 8) / 1.5
    treated = (rng.random(n) < 1 / (1 + np.exp(-(0.9 * z + 0.3 * flag)))).astype(int)
    outcome = 0.8 * z + 0.2 * flag + 0.25 * treated + rng.normal(scale=0.5, size=n)
    return np.column_stack([followers, flag]), treated, outcome


def test_expands_many_valued_columns_and_passes_indicators_through():
    x, _, _ = log_confounded(n=500)
    features = AdditiveSplineFeatures(n_knots=5, degree=3).fit(x)
    out = features.transform(x)
    assert set(features.splines_) == {0}
    assert out.shape == (500, (5 + 3 - 2) + 1)
    np.testing.assert_array_equal(out[:, -1], x[:, 1])


def test_transform_checks_column_count():
    x, _, _ = log_confounded(n=200)
    with pytest.raises(ValueError, match="expected 2"):
        AdditiveSplineFeatures().fit(x).transform(x[:, :1])


def test_splines_remove_bias_of_skewed_confounder():
    x, t, y = log_confounded()
    e = PropensityModel(candidates=("logistic",), random_state=0).fit(x, t).propensity_
    for estimator in (IPW(), RegressionAdjustment()):
        result = estimator.fit(x, t, y, e).result_
        assert abs(result.estimate - 0.25) < 3 * result.std_error, estimator.name


def test_deterministic_beyond_the_quantile_subsample_size():
    x = np.random.default_rng(1).lognormal(size=(20_000, 1))
    first = AdditiveSplineFeatures().fit_transform(x)
    np.testing.assert_array_equal(first, AdditiveSplineFeatures().fit_transform(x))
