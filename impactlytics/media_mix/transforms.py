"""Carryover (adstock) and saturation transforms of one channel's driver series.

Carryover is normalised: the weights over lags sum to one, so a constant driver x gives a
carried-over series x in the long run and the saturation's half point keeps driver units.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import fftconvolve, lfilter
from scipy.stats import weibull_min

HALF = 0.5


def geometric_carryover(driver: np.ndarray, half_life: float) -> np.ndarray:
    """a_t = (1 − λ) x_t + λ a_{t−1}, a_{−1} = 0, λ = 0.5^(1 / half_life) (half_life in
    periods): half the carried-over weight arrives within ``half_life`` periods."""
    decay = HALF ** (1.0 / half_life)
    return lfilter([1.0 - decay], [1.0, -decay], driver, axis=0)


def weibull_weights(shape: float, scale: float, max_lag: int) -> np.ndarray:
    """Lag weights F(l + 1) − F(l), l = 0..max_lag − 1, of a Weibull(shape, scale) CDF F
    (scale in periods), normalised to sum to one: shape > 1 delays the peak past lag 0."""
    cdf = weibull_min.cdf(np.arange(max_lag + 1), shape, scale=scale)
    weights = np.diff(cdf)
    return weights / weights.sum()


def weibull_carryover(driver: np.ndarray, shape: float, scale: float, max_lag: int) -> np.ndarray:
    """The driver convolved with :func:`weibull_weights` (the first periods see no history)."""
    weights = weibull_weights(shape, scale, max_lag)
    return fftconvolve(driver, weights)[: len(driver)].clip(min=0.0)


def weibull_half_life(shape: float, scale: float) -> float:
    """Median lag of the Weibull carryover in periods: half the weight arrives within it."""
    return float(scale * np.log(2.0) ** (1.0 / shape))


def hill(carried: np.ndarray, half_saturation: float, shape: float) -> np.ndarray:
    """Hill saturation a^s / (a^s + K^s) in [0, 1): 0 at a = 0, 1/2 at a = K."""
    ratio = np.power(np.maximum(carried, 0.0) / half_saturation, shape)
    return ratio / (1.0 + ratio)
