import numpy as np
import pytest

from impactlytics.media_mix.harmonize import harmonize
from impactlytics.media_mix.transforms import (
    geometric_carryover,
    hill,
    weibull_carryover,
    weibull_half_life,
    weibull_weights,
)


@pytest.mark.parametrize("half_life", [1.0, 6.0, 30.0])
def test_geometric_carryover_delivers_half_its_weight_within_the_half_life(half_life):
    impulse = np.zeros(2000)
    impulse[0] = 1.0
    response = geometric_carryover(impulse, half_life)
    assert response.sum() == pytest.approx(1.0, abs=1e-6)
    weight_after = response[int(half_life) :].sum()
    assert weight_after == pytest.approx(0.5 ** (int(half_life) / half_life), rel=1e-6)
    assert geometric_carryover(np.full(2000, 3.0), half_life)[-1] == pytest.approx(3.0)


def test_weibull_carryover_is_delayed_for_shape_above_one_and_has_its_median_lag():
    weights = weibull_weights(shape=2.5, scale=10.0, max_lag=200)
    assert weights.sum() == pytest.approx(1.0)
    assert 5 < np.argmax(weights) < 12
    median = weibull_half_life(2.5, 10.0)
    assert np.cumsum(weights)[int(np.floor(median)) - 1] < 0.5 < np.cumsum(weights)[int(median)]
    carried = weibull_carryover(np.ones(500), 2.5, 10.0, 200)
    assert carried[-1] == pytest.approx(1.0)


def test_hill_is_half_at_the_half_saturation_and_zero_at_zero():
    values = hill(np.array([0.0, 2.0, 2000.0]), half_saturation=2.0, shape=1.5)
    np.testing.assert_allclose(values[:2], [0.0, 0.5])
    assert 0.99 < values[2] < 1.0


def test_harmonize_keeps_everything_at_share_one_and_the_strongest_cycle_otherwise():
    hours = np.arange(24 * 28)
    rng = np.random.default_rng(0)
    series = 100 + 10 * np.sin(2 * np.pi * hours / 24) + rng.normal(0, 3, len(hours))
    np.testing.assert_allclose(harmonize(series, 1.0), series)
    smooth = harmonize(series, 0.002)
    np.testing.assert_allclose(smooth, 100 + 10 * np.sin(2 * np.pi * hours / 24), atol=1.0)
