"""The marketing mix regression, fitted by variable-projection nonlinear least squares.

    y_t = baseline_t·α + Σ_xy γ_xy·overlap_xy,t + Σ_c β_c·hill(carryover_c(d_c / d̄_c)_t) + ε_t

The carryover (geometric half-life, or a delayed Weibull lag distribution) and the Hill
half-saturation K_c and shape s_c of every channel are nonlinear parameters θ, found with
scipy's trust-region least squares inside bounds; for each θ the linear coefficients (α, γ, β)
are the least-squares solution, profiled out through a QR decomposition of the fixed columns.
Observation weights (0 outside a training window, block-bootstrap multiplicities) select
the fitted rows while carryover always runs over the whole contiguous series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.transforms import (
    geometric_carryover,
    hill,
    weibull_carryover,
    weibull_half_life,
)
from impactlytics.threads import with_fit_threads

CARRYOVERS = ("geometric", "weibull")
MAX_HALF_LIFE_HOURS = 24.0 * 14
WEIBULL_MAX_LAG_HOURS = 24 * 21
# log-space bounds and starting points per nonlinear parameter
_SATURATION_BOUNDS = [(np.log(0.05), np.log(20.0)), (np.log(0.5), np.log(4.0))]
_SATURATION_START = [0.0, 0.0]
JACOBIAN_STEP = 1e-4


@dataclass(frozen=True)
class Candidate:
    """One model structure compared by time-slice cross-validation."""

    name: str
    carryover: str = "geometric"

    def __post_init__(self) -> None:
        if self.carryover not in CARRYOVERS:
            raise ValueError(f"carryover must be one of {CARRYOVERS}, got {self.carryover!r}")


@dataclass(frozen=True)
class MediaMixFit:
    """A fitted model: θ per channel (log space), the linear coefficients and the scales."""

    carryover: str
    theta: np.ndarray  # (C, k): carryover parameters then log K ratio, log shape
    baseline_coef: np.ndarray
    overlap_coef: np.ndarray  # outcome per overlapped person
    media_coef: np.ndarray  # β_c, outcome per period at full saturation
    driver_scale: np.ndarray  # d̄_c

    def half_saturation(self) -> np.ndarray:
        """K_c in driver units per period."""
        return np.exp(self.theta[:, -2]) * self.driver_scale

    def hill_shape(self) -> np.ndarray:
        return np.exp(self.theta[:, -1])

    def half_life_periods(self) -> np.ndarray:
        """Periods within which half the carried-over weight arrives."""
        if self.carryover == "geometric":
            return np.exp(self.theta[:, 0])
        return np.array([weibull_half_life(*np.exp(row[:2])) for row in self.theta])

    def saturated_media(self, data: MediaMixData) -> np.ndarray:
        return saturated_media(data, self.carryover, self.theta, self.driver_scale)

    def channel_effects(self, data: MediaMixData) -> np.ndarray:
        """(n, C) β_c·hill(carryover) per period: the media columns times their coefficients."""
        return self.saturated_media(data) * self.media_coef

    def overlap_effects(self, data: MediaMixData) -> np.ndarray:
        """(n, P) γ_xy·overlap_xy per period."""
        return data.overlap * self.overlap_coef

    def predict(self, data: MediaMixData) -> np.ndarray:
        return (
            data.baseline @ self.baseline_coef
            + self.overlap_effects(data).sum(axis=1)
            + self.channel_effects(data).sum(axis=1)
        )

    def to_dict(self) -> dict:
        return {
            "carryover": self.carryover,
            "theta": self.theta.tolist(),
            "baseline_coef": self.baseline_coef.tolist(),
            "overlap_coef": self.overlap_coef.tolist(),
            "media_coef": self.media_coef.tolist(),
            "driver_scale": self.driver_scale.tolist(),
        }

    @classmethod
    def from_dict(cls, values: dict) -> MediaMixFit:
        arrays = {k: np.asarray(v, dtype=float) for k, v in values.items() if k != "carryover"}
        arrays["theta"] = arrays["theta"].reshape(len(arrays["media_coef"]), -1)
        return cls(carryover=values["carryover"], **arrays)


def _carryover_bounds(carryover: str, hours_per_period: int) -> tuple[list, list]:
    max_half_life = np.log(MAX_HALF_LIFE_HOURS / hours_per_period)
    if carryover == "geometric":
        return [(np.log(0.25), max_half_life)], [np.log(12.0 / hours_per_period)]
    # Weibull shape (1 = exponential-like, > 1 delayed) and scale in periods
    return (
        [(np.log(0.5), np.log(5.0)), (np.log(0.25), max_half_life)],
        [0.0, np.log(12.0 / hours_per_period)],
    )


def saturated_media(
    data: MediaMixData, carryover: str, theta: np.ndarray, driver_scale: np.ndarray
) -> np.ndarray:
    """(n, C) hill(carryover(d_c / d̄_c); K ratio, shape) for every channel."""
    return np.column_stack(
        [
            channel_column(data.driver[:, c], data, carryover, theta[c], driver_scale[c])
            for c in range(len(data.channels))
        ]
    )


class _Profile:
    """Least squares of the linear coefficients given θ, over the weighted rows."""

    def __init__(self, data: MediaMixData, weights: np.ndarray) -> None:
        self.rows = np.flatnonzero(weights > 0)
        self.root_weight = np.sqrt(weights[self.rows])[:, None]
        fixed = np.hstack([data.baseline, data.overlap])[self.rows] * self.root_weight
        self.q, self.r = np.linalg.qr(fixed)
        outcome = data.outcome[self.rows] * self.root_weight[:, 0]
        self.outcome = outcome
        self.outcome_perp = outcome - self.q @ (self.q.T @ outcome)

    def project(self, media: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(weighted, weighted and orthogonal to the fixed columns) media columns."""
        weighted = media[self.rows] * self.root_weight
        return weighted, weighted - self.q @ (self.q.T @ weighted)

    def residuals(self, perp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(residuals, media coefficients) given the projected media columns."""
        media_coef = np.linalg.lstsq(perp, self.outcome_perp, rcond=None)[0]
        return self.outcome_perp - perp @ media_coef, media_coef

    def solve(self, media: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(residuals, fixed coefficients, media coefficients) for the (n, C) media columns."""
        weighted, perp = self.project(media)
        residuals, media_coef = self.residuals(perp)
        fixed_coef = np.linalg.solve(self.r, self.q.T @ (self.outcome - weighted @ media_coef))
        return residuals, fixed_coef, media_coef


def channel_column(
    driver: np.ndarray, data: MediaMixData, carryover: str, params: np.ndarray, scale: float
) -> np.ndarray:
    """hill(carryover(driver / scale)) of one channel with its parameters ``params`` (log
    space: carryover parameters, K ratio, Hill shape)."""
    driver = driver / scale
    params = np.exp(params)
    if carryover == "geometric":
        carried = geometric_carryover(driver, params[0])
    else:
        max_lag = max(2, WEIBULL_MAX_LAG_HOURS // data.hours_per_period)
        carried = weibull_carryover(driver, params[0], params[1], max_lag)
    return hill(carried, params[-2], params[-1])


@with_fit_threads
def fit_media_mix(
    data: MediaMixData,
    carryover: str = "geometric",
    weights: np.ndarray | None = None,
    start: MediaMixFit | None = None,
    max_evaluations: int | None = None,
) -> MediaMixFit:
    """Fit θ by bounded nonlinear least squares with the linear coefficients profiled out.

    ``weights`` (n,) weight the periods (default all 1); ``start`` warm-starts θ (e.g. the
    point fit, for a bootstrap refit); ``max_evaluations`` caps the residual evaluations.
    """
    weights = np.ones(data.n_periods) if weights is None else np.asarray(weights, dtype=float)
    n_channels = len(data.channels)
    driver_scale = data.driver.mean(axis=0)
    driver_scale = np.where(driver_scale > 0, driver_scale, 1.0)
    bounds, starts = _carryover_bounds(carryover, data.hours_per_period)
    bounds, starts = bounds + _SATURATION_BOUNDS, starts + _SATURATION_START
    lower = np.tile([b[0] for b in bounds], n_channels)
    upper = np.tile([b[1] for b in bounds], n_channels)
    x0 = start.theta.ravel() if start is not None else np.tile(starts, n_channels)
    profile = _Profile(data, weights)
    n_params = len(bounds)

    def residuals(x: np.ndarray) -> np.ndarray:
        theta = x.reshape(n_channels, -1)
        return profile.solve(saturated_media(data, carryover, theta, driver_scale))[0]

    def jacobian(x: np.ndarray) -> np.ndarray:
        """Forward differences; a parameter moves only its own channel's column."""
        theta = x.reshape(n_channels, -1)
        _, perp = profile.project(saturated_media(data, carryover, theta, driver_scale))
        base = profile.residuals(perp)[0]
        columns = np.empty((len(base), len(x)))
        for j in range(len(x)):
            c, i = divmod(j, n_params)
            step = JACOBIAN_STEP * (1.0 if x[j] + JACOBIAN_STEP <= upper[j] else -1.0)
            moved = theta[c].copy()
            moved[i] += step
            column = channel_column(data.driver[:, c], data, carryover, moved, driver_scale[c])
            shifted = perp.copy()
            shifted[:, c] = profile.project(column[:, None])[1][:, 0]
            columns[:, j] = (profile.residuals(shifted)[0] - base) / step
        return columns

    result = least_squares(
        residuals,
        np.clip(x0, lower + 1e-9, upper - 1e-9),
        jac=jacobian,
        bounds=(lower, upper),
        method="trf",
        x_scale=1.0,
        ftol=1e-7,
        xtol=1e-7,
        max_nfev=max_evaluations,
    )
    theta = result.x.reshape(n_channels, -1)
    _, fixed_coef, media_coef = profile.solve(saturated_media(data, carryover, theta, driver_scale))
    n_baseline = data.baseline.shape[1]
    return MediaMixFit(
        carryover=carryover,
        theta=theta,
        baseline_coef=fixed_coef[:n_baseline],
        overlap_coef=fixed_coef[n_baseline:],
        media_coef=media_coef,
        driver_scale=driver_scale,
    )
