"""Fourier harmonization of predictions, P_h = F⁻¹(F(P)·Γ), and an honest test of it.

Γ keeps the DC term and the ``keep_share`` of the other frequencies with the largest
amplitude in P and zeroes the rest: a spectral filter that smooths a prediction series onto
its dominant cycles (keep_share = 1 leaves it unchanged). The forecast model is fitted on the
periods before a validation window; Γ is the keep_share with the smallest validation MAE,
and it is then applied, unchanged, to the test window that follows, where the harmonized and
unfiltered forecasts are scored side by side.
"""

from __future__ import annotations

import numpy as np

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.model import fit_media_mix

KEEP_SHARES = (1.0, 0.5, 0.25, 0.1, 0.05, 0.02)
INTERVAL_TAILS = (0.05, 0.95)


def harmonize(prediction: np.ndarray, keep_share: float) -> np.ndarray:
    """F⁻¹(F(P)·Γ) with Γ the 0/1 mask of the DC term and the strongest ``keep_share`` of the
    other frequencies of P."""
    spectrum = np.fft.rfft(prediction)
    n_kept = int(np.ceil(keep_share * (len(spectrum) - 1)))
    mask = np.zeros(len(spectrum))
    mask[0] = 1.0
    if n_kept:
        strongest = np.argsort(np.abs(spectrum[1:]))[::-1][:n_kept] + 1
        mask[strongest] = 1.0
    return np.fft.irfft(spectrum * mask, n=len(prediction))


def harmonized_forecast(
    data: MediaMixData, carryover: str, validation_periods: int, test_periods: int
) -> dict[str, np.ndarray | float]:
    """Forecasts of the validation and test windows (the last periods of the range) from a fit
    on the periods before them, with their harmonized versions and 90% prediction intervals
    (the forecast plus the 5% and 95% quantiles of the validation-window errors).

    Returns split (n_window,) 'validation'/'test', index (positions in the series), actual,
    forecast, forecast_harmonized, lower, upper, and gamma_keep_share (the chosen Γ).
    """
    n = data.n_periods
    start = n - validation_periods - test_periods
    weights = np.zeros(n)
    weights[:start] = 1.0
    forecast = fit_media_mix(data, carryover, weights=weights).predict(data)
    validation = slice(start, start + validation_periods)
    test = slice(start + validation_periods, n)
    actual = data.outcome
    errors = {
        share: np.mean(np.abs(harmonize(forecast[validation], share) - actual[validation]))
        for share in KEEP_SHARES
    }
    keep_share = min(errors, key=errors.get)
    harmonized = np.concatenate(
        [harmonize(forecast[validation], keep_share), harmonize(forecast[test], keep_share)]
    )
    residual_low, residual_high = np.quantile(
        actual[validation] - forecast[validation], INTERVAL_TAILS
    )
    window = forecast[start:]
    return {
        "split": np.array(["validation"] * validation_periods + ["test"] * test_periods),
        "index": np.arange(start, n),
        "actual": actual[start:],
        "forecast": window,
        "forecast_harmonized": harmonized,
        "lower": window + residual_low,
        "upper": window + residual_high,
        "gamma_keep_share": keep_share,
    }
