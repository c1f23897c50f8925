"""Simulated ad panel: user x vendor x period rows where the revenue slope of clicks varies with
user and vendor features, net of user, vendor and period fixed effects.

    revenue_i = beta(X_i) * clicks_i + g(X_i) + alpha_user + gamma_vendor + delta_period + e_i

X holds two user features (``user_age``, ``user_tenure``) and two vendor features
(``vendor_rating``, ``vendor_size``); ``z_*`` below are their standardized versions under the
simulated population. Clicks are Poisson with a log rate rising with the user and vendor fixed
effects, the vendor's size and the period effect (so a regression without fixed effects is
biased). Two outcomes share the clicks, the fixed effects and the noise e ~ N(0, 0.5^2):

* ``revenue_linear``, the linear model of the linear FE estimator (g = 0):
  beta = 1 + 0.3 z_age - 0.2 z_tenure + 0.4 z_rating + 0.25 z_size_raw (size itself
  standardized; z_size elsewhere standardizes log size);
* ``revenue``: beta = 1 + 0.5 tanh(1.5 z_age) - 0.2 z_tenure + 0.3 * 1[rating > 4]
  + 0.2 z_size z_rating (a tanh, a step and an interaction), and
  g(X) = 0.5 z_age z_rating + 0.3 z_tenure z_size, which has no additive user or vendor part, so
  the fixed effects stay the simulated alpha, gamma and delta (a linear FE fit omits it).

The truth holds each row's true slopes and its noise e (so the outcome R2 of the true model, the
ceiling of any estimator's, can be measured).

Rows are generated in chunks from independent child seeds, so a 10M-row panel needs one chunk
in memory at a time and the same seed gives the same rows whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

NOISE_SD = 0.5
CHUNK_ROWS = 1_000_000
_AGE = (18.0, 70.0)
_TENURE_SHAPE, _TENURE_SCALE = 2.0, 12.0
_RATING = (1.0, 5.0)
_SIZE_LOG_MEAN, _SIZE_LOG_SD = 3.0, 1.0


@dataclass(frozen=True)
class AdPanelShape:
    """How many rows, users, vendors and periods a simulated panel has."""

    n_rows: int
    n_users: int
    n_vendors: int
    n_periods: int


@dataclass(frozen=True)
class AdPanelEntities:
    """Features and true fixed effects of every user, vendor and period."""

    user_age: np.ndarray
    user_tenure: np.ndarray
    user_effect: np.ndarray
    vendor_rating: np.ndarray
    vendor_size: np.ndarray
    vendor_effect: np.ndarray
    period_effect: np.ndarray


def simulate_entities(shape: AdPanelShape, seed: int) -> AdPanelEntities:
    """Draw user, vendor and period features and fixed effects."""
    rng = np.random.default_rng([seed, 0])
    periods = np.arange(shape.n_periods)
    return AdPanelEntities(
        user_age=np.round(rng.uniform(*_AGE, shape.n_users), 1),
        user_tenure=np.round(rng.gamma(_TENURE_SHAPE, _TENURE_SCALE, shape.n_users), 1),
        user_effect=rng.normal(0.0, 1.0, shape.n_users),
        vendor_rating=np.round(rng.uniform(*_RATING, shape.n_vendors), 2),
        vendor_size=np.round(rng.lognormal(_SIZE_LOG_MEAN, _SIZE_LOG_SD, shape.n_vendors), 1),
        vendor_effect=rng.normal(0.0, 0.8, shape.n_vendors),
        period_effect=0.5 * np.sin(2 * np.pi * periods / max(shape.n_periods, 1))
        + rng.normal(0.0, 0.2, shape.n_periods),
    )


def _standardized(entities: AdPanelEntities, users: np.ndarray, vendors: np.ndarray) -> dict:
    """Features of each row standardized by their population moments."""
    age_mean, age_sd = np.mean(_AGE), (_AGE[1] - _AGE[0]) / np.sqrt(12)
    tenure_mean = _TENURE_SHAPE * _TENURE_SCALE
    tenure_sd = np.sqrt(_TENURE_SHAPE) * _TENURE_SCALE
    rating_mean, rating_sd = np.mean(_RATING), (_RATING[1] - _RATING[0]) / np.sqrt(12)
    size = entities.vendor_size[vendors]
    size_mean = np.exp(_SIZE_LOG_MEAN + _SIZE_LOG_SD**2 / 2)
    size_sd = size_mean * np.sqrt(np.expm1(_SIZE_LOG_SD**2))
    return {
        "age": (entities.user_age[users] - age_mean) / age_sd,
        "tenure": (entities.user_tenure[users] - tenure_mean) / tenure_sd,
        "rating": (entities.vendor_rating[vendors] - rating_mean) / rating_sd,
        "size": (np.log(size) - _SIZE_LOG_MEAN) / _SIZE_LOG_SD,
        "size_raw": (size - size_mean) / size_sd,
    }


def linear_slope(z: dict) -> np.ndarray:
    """The linear-beta variant's true slope: linear in the features as recorded (vendor size
    itself, not its log)."""
    return 1.0 + 0.3 * z["age"] - 0.2 * z["tenure"] + 0.4 * z["rating"] + 0.25 * z["size_raw"]


def nonlinear_slope(z: dict, rating: np.ndarray) -> np.ndarray:
    """The nonlinear-beta variant's true slope (tanh, step at rating 4, interaction)."""
    return (
        1.0
        + 0.5 * np.tanh(1.5 * z["age"])
        - 0.2 * z["tenure"]
        + 0.3 * (rating > 4.0)
        + 0.2 * z["size"] * z["rating"]
    )


def simulate_chunk(
    shape: AdPanelShape, entities: AdPanelEntities, seed: int, chunk: int, first_row: int, n: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows ``first_row .. first_row + n - 1``: (raw rows, true slopes per row)."""
    rng = np.random.default_rng([seed, 1, chunk])
    users = rng.integers(0, shape.n_users, n)
    vendors = rng.integers(0, shape.n_vendors, n)
    periods = rng.integers(0, shape.n_periods, n)
    z = _standardized(entities, users, vendors)
    alpha = entities.user_effect[users]
    gamma = entities.vendor_effect[vendors]
    delta = entities.period_effect[periods]
    log_rate = 1.0 + 0.3 * alpha + 0.3 * gamma + 0.2 * z["size"] + 0.3 * delta
    clicks = rng.poisson(np.exp(log_rate)).astype(np.int64)
    fixed = alpha + gamma + delta
    baseline = 0.5 * z["age"] * z["rating"] + 0.3 * z["tenure"] * z["size"]
    noise = rng.normal(0.0, NOISE_SD, n)
    beta_linear = linear_slope(z)
    beta = nonlinear_slope(z, entities.vendor_rating[vendors])
    row_id = np.arange(first_row, first_row + n, dtype=np.int64)
    raw = pd.DataFrame(
        {
            "row_id": row_id,
            "user_id": users.astype(np.int64),
            "vendor_id": vendors.astype(np.int64),
            "period": periods.astype(np.int64) + 1,
            "user_age": entities.user_age[users],
            "user_tenure": entities.user_tenure[users],
            "vendor_rating": entities.vendor_rating[vendors],
            "vendor_size": entities.vendor_size[vendors],
            "clicks": clicks,
            "revenue": beta * clicks + baseline + fixed + noise,
            "revenue_linear": beta_linear * clicks + fixed + noise,
        }
    )
    truth = pd.DataFrame(
        {"row_id": row_id, "true_slope": beta, "true_slope_linear": beta_linear, "noise": noise}
    )
    return raw, truth


def simulate_ad_panel_chunks(
    shape: AdPanelShape, seed: int, chunk_rows: int = CHUNK_ROWS
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """The panel's (raw, true slope) chunks of at most ``chunk_rows`` rows, in row order.

    Chunk boundaries are fixed multiples of ``CHUNK_ROWS`` so the rows do not depend on
    ``chunk_rows`` beyond how they are grouped (smaller chunk_rows must divide CHUNK_ROWS)."""
    if CHUNK_ROWS % chunk_rows:
        raise ValueError(f"chunk_rows must divide {CHUNK_ROWS}, got {chunk_rows}")
    entities = simulate_entities(shape, seed)
    for block, first_row in enumerate(range(0, shape.n_rows, CHUNK_ROWS)):
        raw, truth = simulate_chunk(
            shape, entities, seed, block, first_row, min(CHUNK_ROWS, shape.n_rows - first_row)
        )
        for start in range(0, len(raw), chunk_rows):
            yield raw.iloc[start : start + chunk_rows], truth.iloc[start : start + chunk_rows]


def true_fixed_effects(shape: AdPanelShape, seed: int) -> pd.DataFrame:
    """One row per fixed-effect level: dimension (column name), level (as text), true_effect."""
    entities = simulate_entities(shape, seed)
    parts = [
        ("user_id", np.arange(shape.n_users), entities.user_effect),
        ("vendor_id", np.arange(shape.n_vendors), entities.vendor_effect),
        ("period", np.arange(shape.n_periods) + 1, entities.period_effect),
    ]
    return pd.concat(
        [
            pd.DataFrame({"dimension": name, "level": levels.astype(str), "true_effect": values})
            for name, levels, values in parts
        ],
        ignore_index=True,
    )
