"""Simulated job-training study: a small treated group inside a large general-population pool.

The shape of LaLonde's NSW data set against survey controls (Dehejia & Wahba 1999): about 2.5%
of people join the programme, and they are young, poorly paid, often unemployed and without a
degree, so most of the pool has a propensity far below 0.01. Earnings after the programme
(in $1,000) follow

    Y(0) = mu0(x) * G,   Y(1) = (mu0(x) + tau(x)) * G,   G ~ Gamma(2, 1/2),

with a positive, additive, nonlinear baseline mu0, a heterogeneous effect tau(x) > 0 and
multiplicative noise of mean one (E[Y(1) - Y(0) | x] = tau(x); earnings stay positive and their
spread grows with their level). The estimand the study is built for is the ATT.

Propensity and effects are deterministic functions of the covariates
(:func:`propensity_and_effects`), shared by the sample simulator and the Monte Carlo
population estimand (:func:`population_att`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

OUTCOME = "earnings_after"
TREATMENT = "is_trained"
COVARIATES: tuple[str, ...] = (
    "age",
    "education_years",
    "is_black",
    "is_hispanic",
    "is_married",
    "has_no_degree",
    "earnings_1y_prior",
    "earnings_2y_prior",
    "is_unemployed_1y_prior",
    "is_unemployed_2y_prior",
)
RAW_COLUMNS: tuple[str, ...] = ("person_id", *COVARIATES, TREATMENT, OUTCOME)
TRUTH_COLUMNS: tuple[str, ...] = ("person_id", "true_propensity", f"tau_{OUTCOME}")

_NOISE_SHAPE = 2.0  # Gamma shape of the multiplicative noise (coefficient of variation 0.71)
_PROPENSITY_INTERCEPT = -1.4


@dataclass(frozen=True)
class TrueEffects:
    """Known propensity (n,) and individual effect tau(x) (n,) in $1,000."""

    propensity: np.ndarray
    tau: np.ndarray


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _columns(covariates: pd.DataFrame) -> dict[str, np.ndarray]:
    return {c: covariates[c].to_numpy(dtype=np.float64) for c in COVARIATES}


def propensity_and_effects(covariates: pd.DataFrame) -> TrueEffects:
    """True propensity e(x) and individual effect tau(x) for each row of ``covariates``.

    Joining is likelier for the young, the unmarried, minorities, people without a degree and,
    above all, people with low or no recent earnings; the effect is larger for the recently
    unemployed and the less educated and shrinks with age.
    """
    x = _columns(covariates)
    log_earnings = np.log1p(x["earnings_1y_prior"])
    logit = (
        _PROPENSITY_INTERCEPT
        - 0.08 * (x["age"] - 25.0)
        - 0.12 * (x["education_years"] - 12.0)
        + 1.1 * x["is_black"]
        + 0.6 * x["is_hispanic"]
        - 0.9 * x["is_married"]
        + 0.5 * x["has_no_degree"]
        - 0.9 * log_earnings
        - 0.25 * np.log1p(x["earnings_2y_prior"])
        + 1.0 * x["is_unemployed_2y_prior"]
    )
    tau = (
        1.2
        + 0.9 * x["is_unemployed_1y_prior"]
        + 0.12 * np.clip(12.0 - x["education_years"], 0.0, None)
        - 0.03 * (x["age"] - 25.0)
        + 0.4 * np.tanh(x["earnings_1y_prior"] / 10.0)
    )
    return TrueEffects(propensity=_sigmoid(logit), tau=np.clip(tau, 0.2, None))


def _baseline(covariates: pd.DataFrame) -> np.ndarray:
    """Untreated mean earnings mu0(x) in $1,000, shape (n,), positive."""
    x = _columns(covariates)
    return (
        2.0
        + 0.55 * x["earnings_1y_prior"]
        + 0.20 * x["earnings_2y_prior"]
        + 0.9 * np.clip(x["education_years"] - 8.0, 0.0, None)
        + 6.0 * np.exp(-(((x["age"] - 42.0) / 14.0) ** 2))
        + 1.5 * x["is_married"]
        - 1.5 * x["is_unemployed_1y_prior"] * (x["age"] > 30)
    ).clip(0.5)


def _draw_covariates(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Draw the ``COVARIATES`` of ``n`` people of a general population survey."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    age = np.clip(np.rint(18.0 + 37.0 * rng.beta(1.6, 1.8, n)), 18, 55)
    education = np.clip(np.rint(rng.normal(12.6, 2.6, n)), 3, 18)
    ethnicity = rng.random(n)
    is_black = ethnicity < 0.10
    is_hispanic = (ethnicity >= 0.10) & (ethnicity < 0.18)
    is_married = rng.random(n) < _sigmoid(-0.5 + 0.06 * (age - 25.0))
    # Earning capacity drives both prior years; each year some people earn nothing.
    capacity = (
        2.6 + 0.09 * (education - 12.0) + 0.025 * (age - 18.0) + rng.normal(0.0, 0.7, n)
    ) - 0.3 * is_black
    unemployed_2 = rng.random(n) < _sigmoid(-2.2 - 0.8 * (capacity - 2.6))
    unemployed_1 = rng.random(n) < _sigmoid(-2.4 - 0.8 * (capacity - 2.6) + 1.6 * unemployed_2)
    earnings_2 = np.where(unemployed_2, 0.0, np.exp(capacity + rng.normal(0.0, 0.35, n)))
    earnings_1 = np.where(unemployed_1, 0.0, np.exp(capacity + rng.normal(0.05, 0.35, n)))
    return pd.DataFrame(
        {
            "age": age.astype(np.int64),
            "education_years": education.astype(np.int64),
            "is_black": is_black.astype(np.int64),
            "is_hispanic": is_hispanic.astype(np.int64),
            "is_married": is_married.astype(np.int64),
            "has_no_degree": (education < 12).astype(np.int64),
            "earnings_1y_prior": np.round(earnings_1, 3),
            "earnings_2y_prior": np.round(earnings_2, 3),
            "is_unemployed_1y_prior": unemployed_1.astype(np.int64),
            "is_unemployed_2y_prior": unemployed_2.astype(np.int64),
        }
    )


def simulate_job_training(n_people: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate ``n_people`` people, about 2.5% of them trained.

    Returns:
        (raw, truth): ``raw`` has shape (n_people, 13) with ``RAW_COLUMNS`` (earnings in
        $1,000); ``truth`` has shape (n_people, 3) with ``TRUTH_COLUMNS``.
    """
    rng = np.random.default_rng(seed)
    cov = _draw_covariates(n_people, rng)
    fx = propensity_and_effects(cov)
    treated = (rng.random(n_people) < fx.propensity).astype(np.int64)
    noise = rng.gamma(_NOISE_SHAPE, 1.0 / _NOISE_SHAPE, n_people)
    earnings = (_baseline(cov) + fx.tau * treated) * noise
    person_id = pd.Series([f"p{i:08d}" for i in range(1, n_people + 1)], dtype="str")
    raw = pd.DataFrame(
        {"person_id": person_id, **cov, TREATMENT: treated, OUTCOME: np.round(earnings, 4)}
    )
    truth = pd.DataFrame(
        {"person_id": person_id, "true_propensity": fx.propensity, f"tau_{OUTCOME}": fx.tau}
    )
    return raw[list(RAW_COLUMNS)], truth[list(TRUTH_COLUMNS)]


@lru_cache(maxsize=4)
def population_att(seed: int = 0, n: int = 2_000_000) -> float:
    """Population ATT E[e(X) tau(X)] / E[e(X)] in $1,000, by Monte Carlo over ``n`` draws."""
    fx = propensity_and_effects(_draw_covariates(n, np.random.default_rng(seed)))
    return float(np.mean(fx.propensity * fx.tau) / np.mean(fx.propensity))
