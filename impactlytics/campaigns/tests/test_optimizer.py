import itertools

import numpy as np
import pytest

from impactlytics.campaigns.optimizer import allocate_budget


def brute_force(curves, low, high):
    n_steps = curves.shape[1] - 1
    best, best_value = None, -np.inf
    for steps in itertools.product(*(range(a, b + 1) for a, b in zip(low, high, strict=True))):
        if sum(steps) == n_steps:
            value = sum(curves[i, s] for i, s in enumerate(steps))
            if value > best_value:
                best, best_value = steps, value
    return np.array(best), best_value


@pytest.mark.parametrize("seed", range(5))
def test_dynamic_programming_finds_the_optimum_of_any_curves(seed):
    rng = np.random.default_rng(seed)
    curves = np.cumsum(rng.exponential(size=(3, 13)) * (rng.random((3, 13)) < 0.5), axis=1)
    low, high = np.array([1, 0, 2]), np.array([12, 6, 12])
    steps = allocate_budget(curves, low, high)
    assert steps.sum() == 12
    assert ((low <= steps) & (steps <= high)).all()
    _, optimum = brute_force(curves, low, high)
    assert curves[np.arange(3), steps].sum() == pytest.approx(optimum)


def test_infeasible_bounds_raise():
    curves = np.zeros((2, 11))
    with pytest.raises(ValueError, match="cannot add up"):
        allocate_budget(curves, np.array([6, 6]), np.array([10, 10]))
    with pytest.raises(ValueError, match="cannot add up"):
        allocate_budget(curves, np.array([0, 0]), np.array([4, 4]))
