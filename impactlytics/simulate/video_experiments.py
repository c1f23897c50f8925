"""Simulated observational study of sentiment captions on short-form videos, with known truth.

Each row is one posted video. The treatment ``has_sentiment_caption`` is assigned with a known,
confounded propensity e(x) that depends on the same pre-treatment covariates that drive the
outcomes, so a naive difference in means is biased. Outcomes follow

    log_y = mu_y(x) + tau_y(x) * T + noise_y,

with smooth nonlinear baselines ``mu_y``, heterogeneous individual effects ``tau_y`` and
heteroscedastic, cross-outcome-correlated noise. All outcomes are on the natural-log scale.

Propensity and effects are deterministic functions of the covariates
(:func:`propensity_and_effects`), shared by the sample simulator and by the Monte Carlo
population estimands (:func:`population_ate`, :func:`population_att`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

OUTCOMES: tuple[str, ...] = ("log_views", "log_likes", "log_shares")
TREATMENT = "has_sentiment_caption"
CATEGORIES: tuple[str, ...] = (
    "comedy",
    "music",
    "food",
    "beauty",
    "sports",
    "education",
    "gaming",
)
VARIANTS: tuple[str, ...] = ("var_a", "var_b", "var_c", "var_d")
COVARIATES: tuple[str, ...] = (
    "followers",
    "prior_avg_views",
    "duration_s",
    "hashtag_count",
    "caption_length",
    "posting_hour",
    "account_age_days",
    "category",
)
RAW_COLUMNS: tuple[str, ...] = (
    "video_id",
    "account_id",
    "variant_id",
    "posted_at",
    *COVARIATES,
    TREATMENT,
    *OUTCOMES,
)
TRUTH_COLUMNS: tuple[str, ...] = (
    "video_id",
    "true_propensity",
    *(f"tau_{y}" for y in OUTCOMES),
)

PROPENSITY_CLIP: tuple[float, float] = (0.05, 0.95)
SHARES_MISSING_RATE = 0.01
VIDEOS_PER_ACCOUNT = 8

_STUDY_START = np.datetime64("2026-01-01T00:00:00", "s")
_STUDY_DAYS = 181  # 2026-01-01 .. 2026-06-30 inclusive
_PEAK_HOUR = 20.0

# Fixed population centring/scaling constants (not sample statistics), so that e(x) and
# tau(x) for a given video do not depend on which other videos were drawn.
_LOG_FOLLOWERS_MEAN, _LOG_FOLLOWERS_SD = 8.0, 1.8
_LOG_PRIOR_SLOPE, _LOG_PRIOR_INTERCEPT, _LOG_PRIOR_NOISE = 0.8, 1.5, 0.7
_LOG_PRIOR_MEAN, _LOG_PRIOR_SD = 7.9, 1.6
_DURATION_MEAN, _DURATION_SD = 55.0, 28.0
_HASHTAG_N, _HASHTAG_P = 15, 0.3
_HASHTAG_MEAN, _HASHTAG_SD = 4.5, 1.77
_LOG_CAPTION_MEAN, _LOG_CAPTION_SD = 4.2, 0.75
_LOG_AGE_MEAN, _LOG_AGE_SD = 6.0, 0.6

# Per-category coefficients, aligned with CATEGORIES.
_CAT_PROPENSITY = np.array([0.20, 0.10, 0.00, 0.35, -0.30, -0.15, -0.20])
_CAT_MU = {
    "log_views": np.array([0.30, 0.20, 0.00, 0.15, -0.10, -0.25, 0.05]),
    "log_likes": np.array([0.10, 0.05, 0.15, 0.20, -0.05, -0.10, 0.00]),
    "log_shares": np.array([0.25, -0.05, 0.10, 0.00, 0.05, 0.15, -0.10]),
}
_CAT_TAU = {
    "log_views": np.array([0.06, 0.00, 0.03, 0.08, -0.07, -0.05, -0.03]),
    "log_likes": np.array([0.08, 0.03, 0.00, 0.05, -0.04, -0.02, -0.06]),
    "log_shares": np.array([0.07, 0.02, -0.02, 0.00, -0.05, 0.06, -0.04]),
}


@dataclass(frozen=True)
class TrueEffects:
    """Known propensity and individual effects for ``n`` videos.

    Attributes:
        propensity: shape (n,), P(T=1 | x) in ``PROPENSITY_CLIP``.
        tau: outcome name -> shape (n,) individual effect tau_y(x) in log units.
    """

    propensity: np.ndarray
    tau: dict[str, np.ndarray]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _category_codes(category: pd.Series) -> np.ndarray:
    codes = np.asarray(pd.Categorical(category, categories=list(CATEGORIES)).codes)
    if (codes < 0).any():
        raise ValueError(f"unknown category values; expected one of {CATEGORIES}")
    return codes.astype(np.int64)


def _hour_cycle(hour: np.ndarray) -> np.ndarray:
    """Cosine of posting hour, 1 at the evening peak, -1 twelve hours away; shape (n,)."""
    return np.cos(2.0 * np.pi * (hour - _PEAK_HOUR) / 24.0)


def _standardized(covariates: pd.DataFrame) -> dict[str, np.ndarray]:
    """Standardized features (each shape (n,)) used by propensity, baselines and effects."""
    log_followers = np.log1p(covariates["followers"].to_numpy(dtype=np.float64))
    log_prior = np.log1p(covariates["prior_avg_views"].to_numpy(dtype=np.float64))
    log_caption = np.log1p(covariates["caption_length"].to_numpy(dtype=np.float64))
    log_age = np.log1p(covariates["account_age_days"].to_numpy(dtype=np.float64))
    return {
        "log_followers": log_followers,
        "log_prior": log_prior,
        "followers": (log_followers - _LOG_FOLLOWERS_MEAN) / _LOG_FOLLOWERS_SD,
        "prior": (log_prior - _LOG_PRIOR_MEAN) / _LOG_PRIOR_SD,
        "duration": (covariates["duration_s"].to_numpy(dtype=np.float64) - _DURATION_MEAN)
        / _DURATION_SD,
        "hashtags": (covariates["hashtag_count"].to_numpy(dtype=np.float64) - _HASHTAG_MEAN)
        / _HASHTAG_SD,
        "caption": (log_caption - _LOG_CAPTION_MEAN) / _LOG_CAPTION_SD,
        "age": (log_age - _LOG_AGE_MEAN) / _LOG_AGE_SD,
        "hour": _hour_cycle(covariates["posting_hour"].to_numpy(dtype=np.float64)),
        "category": _category_codes(covariates["category"]),
    }


def propensity_and_effects(covariates: pd.DataFrame) -> TrueEffects:
    """True propensity e(x) and individual effects tau_y(x) for each row of ``covariates``.

    Deterministic in the covariates (no randomness needed): this is the single definition of
    the assignment mechanism and effect surfaces, shared by the sample simulator and the
    population estimands.

    Args:
        covariates: shape (n, >=8) frame with the ``COVARIATES`` columns.

    Returns:
        TrueEffects with propensity (n,) clipped to ``PROPENSITY_CLIP`` and tau (n,) per outcome.
    """
    f = _standardized(covariates)
    cat = f["category"]
    logit = (
        -0.45
        + 0.15 * f["followers"]
        + 0.06 * f["prior"]
        - 0.25 * f["duration"]
        + 0.30 * f["hashtags"]
        + 0.25 * f["caption"]
        + 0.15 * f["hour"]
        + _CAT_PROPENSITY[cat]
    )
    propensity = np.clip(_sigmoid(logit), *PROPENSITY_CLIP)
    tau = {
        "log_views": 0.10
        + _CAT_TAU["log_views"][cat]
        - 0.04 * f["followers"]
        + 0.025 * np.tanh(f["caption"]),
        "log_likes": 0.14
        + _CAT_TAU["log_likes"][cat]
        - 0.03 * f["followers"]
        + 0.03 * np.tanh(f["hashtags"]),
        "log_shares": 0.05
        + _CAT_TAU["log_shares"][cat]
        + 0.03 * f["prior"]
        - 0.02 * f["followers"],
    }
    return TrueEffects(propensity=propensity, tau=tau)


def _baselines(covariates: pd.DataFrame) -> dict[str, np.ndarray]:
    """Untreated mean outcomes mu_y(x) in log units; each shape (n,)."""
    f = _standardized(covariates)
    cat = f["category"]
    views = (
        2.2
        + 0.55 * f["log_prior"]
        + 0.12 * f["log_followers"]
        - 0.80 * f["duration"] ** 2 / (4.0 + f["duration"] ** 2)  # sweet spot near the mean
        + 0.25 * np.tanh(f["hashtags"])
        + 0.20 * f["hour"]
        + 0.08 * f["age"]
        + _CAT_MU["log_views"][cat]
    )
    likes = views - 3.2 + 0.10 * f["caption"] + 0.05 * f["hour"] + _CAT_MU["log_likes"][cat]
    shares = views - 4.5 + 0.05 * f["duration"] + _CAT_MU["log_shares"][cat]
    return {"log_views": views, "log_likes": likes, "log_shares": shares}


def _noise(covariates: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Heteroscedastic, correlated outcome noise in log units; each shape (n,)."""
    n = len(covariates)
    z_f = _standardized(covariates)["followers"]
    eps = rng.standard_normal((3, n))
    views_sd = 0.55 + 0.25 * _sigmoid(-1.5 * z_f)  # smaller accounts are noisier
    views = views_sd * eps[0]
    likes = 0.60 * (0.6 * eps[0] + 0.8 * eps[1])
    shares = 0.80 * (0.5 * eps[0] + np.sqrt(0.75) * eps[2])
    return {"log_views": views, "log_likes": likes, "log_shares": shares}


def _draw_covariates(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Draw pre-treatment covariates for ``n`` videos.

    Returns:
        shape (n, 10) frame: ``account_idx`` (int64), ``posted_at`` (datetime64[us, UTC],
        ascending), and the ``COVARIATES`` columns (``category`` as pandas Categorical).
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    n_accounts = max(1, n // VIDEOS_PER_ACCOUNT)

    # Account level: audience size, age and home category.
    acc_log_followers = rng.normal(_LOG_FOLLOWERS_MEAN, _LOG_FOLLOWERS_SD, n_accounts)
    acc_followers = np.rint(np.expm1(acc_log_followers)).astype(np.int64)
    acc_z = (acc_log_followers - _LOG_FOLLOWERS_MEAN) / _LOG_FOLLOWERS_SD
    acc_age = np.clip(
        np.rint(np.exp(rng.normal(_LOG_AGE_MEAN + 0.15 * acc_z, _LOG_AGE_SD))), 7, 3650
    ).astype(np.int64)
    acc_category = rng.integers(0, len(CATEGORIES), n_accounts)

    # Every account posts at least once; the rest are spread at random.
    account_idx = np.concatenate(
        [np.arange(n_accounts), rng.integers(0, n_accounts, n - n_accounts)]
    )
    account_idx = rng.permutation(account_idx)

    # Posting time: uniform day, evening-peaked hour, uniform second within the hour.
    hours = np.arange(24)
    hour_weights = 1.0 + 0.8 * _hour_cycle(hours.astype(np.float64))
    day = rng.integers(0, _STUDY_DAYS, n)
    hour = rng.choice(hours, size=n, p=hour_weights / hour_weights.sum())
    second = rng.integers(0, 3600, n)
    offset_s = np.sort(day * 86_400 + hour * 3_600 + second)
    posting_hour = (offset_s // 3_600) % 24
    posted_at = pd.DatetimeIndex((_STUDY_START + offset_s).astype("datetime64[us]"), tz="UTC")

    # Video level.
    log_followers = np.log1p(acc_followers[account_idx].astype(np.float64))
    prior_avg_views = np.expm1(
        _LOG_PRIOR_INTERCEPT
        + _LOG_PRIOR_SLOPE * log_followers
        + rng.normal(0.0, _LOG_PRIOR_NOISE, n)
    )
    duration_s = 5.0 + 175.0 * rng.beta(2.0, 5.0, n)
    hashtag_count = rng.binomial(_HASHTAG_N, _HASHTAG_P, n).astype(np.int64)
    caption_length = np.clip(np.rint(rng.gamma(2.0, 40.0, n)), 0, 2200).astype(np.int64)
    switch_category = rng.random(n) < 0.3
    category_code = np.where(
        switch_category,
        rng.integers(0, len(CATEGORIES), n),
        acc_category[account_idx],
    )

    return pd.DataFrame(
        {
            "account_idx": account_idx.astype(np.int64),
            "posted_at": posted_at,
            "followers": acc_followers[account_idx],
            "prior_avg_views": prior_avg_views,
            "duration_s": duration_s,
            "hashtag_count": hashtag_count,
            "caption_length": caption_length,
            "posting_hour": posting_hour.astype(np.int64),
            "account_age_days": acc_age[account_idx],
            "category": pd.Categorical.from_codes(category_code, categories=list(CATEGORIES)),
        }
    )


def _format_ids(prefix: str, idx: np.ndarray, width: int) -> pd.Series:
    return pd.Series([f"{prefix}{i:0{width}d}" for i in idx.tolist()], dtype="str")


def simulate_video_experiments(n_videos: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate ``n_videos`` posted videos with a confounded caption treatment.

    Args:
        n_videos: number of rows (videos), >= 1.
        seed: seed for ``numpy.random.default_rng``; same seed -> identical frames.

    Returns:
        (raw, truth): ``raw`` has shape (n_videos, 18) with ``RAW_COLUMNS`` (outcomes in natural
        log units, ~1% null ``log_shares``); ``truth`` has shape (n_videos, 5) with
        ``TRUTH_COLUMNS`` (true propensity and per-video effects in log units).
    """
    rng = np.random.default_rng(seed)
    cov = _draw_covariates(n_videos, rng)
    truth_fx = propensity_and_effects(cov)
    treated = (rng.random(n_videos) < truth_fx.propensity).astype(np.int64)
    variant = rng.integers(0, len(VARIANTS), n_videos)
    mu = _baselines(cov)
    noise = _noise(cov, rng)
    outcomes = {y: mu[y] + truth_fx.tau[y] * treated + noise[y] for y in OUTCOMES}
    outcomes["log_shares"][rng.random(n_videos) < SHARES_MISSING_RATE] = np.nan

    video_id = _format_ids("v", np.arange(1, n_videos + 1), 9)
    raw = pd.DataFrame(
        {
            "video_id": video_id,
            "account_id": _format_ids("acct_", cov["account_idx"].to_numpy() + 1, 7),
            "variant_id": pd.Series(np.asarray(VARIANTS)[variant], dtype="str"),
            "posted_at": cov["posted_at"],
            **{c: cov[c] for c in COVARIATES if c != "category"},
            "category": cov["category"].astype("str"),
            TREATMENT: treated,
            **{y: outcomes[y].astype(np.float64) for y in OUTCOMES},
        }
    )
    truth = pd.DataFrame(
        {
            "video_id": video_id,
            "true_propensity": truth_fx.propensity.astype(np.float64),
            **{f"tau_{y}": truth_fx.tau[y].astype(np.float64) for y in OUTCOMES},
        }
    )
    return raw[list(RAW_COLUMNS)], truth[list(TRUTH_COLUMNS)]


@lru_cache(maxsize=8)
def _population_moments(seed: int, n: int) -> dict[str, float]:
    """Monte Carlo moments over ``n`` covariate draws: E[e], E[tau_y], E[e * tau_y]."""
    fx = propensity_and_effects(_draw_covariates(n, np.random.default_rng(seed)))
    moments = {"e": float(fx.propensity.mean())}
    for y in OUTCOMES:
        moments[f"tau:{y}"] = float(fx.tau[y].mean())
        moments[f"e_tau:{y}"] = float(np.mean(fx.propensity * fx.tau[y]))
    return moments


def _check_outcome(outcome: str) -> str:
    name = outcome.removeprefix("tau_")
    if name not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; expected one of {OUTCOMES}")
    return name


def population_ate(outcome: str, seed: int = 0, n: int = 2_000_000) -> float:
    """Population ATE E[tau_y(X)] in log units, by Monte Carlo over ``n`` covariate draws.

    ``outcome`` is one of ``OUTCOMES`` (a ``tau_`` prefix is accepted).
    """
    return _population_moments(seed, n)[f"tau:{_check_outcome(outcome)}"]


def population_att(outcome: str, seed: int = 0, n: int = 2_000_000) -> float:
    """Population ATT E[tau_y | T=1] = E[e(X) tau_y(X)] / E[e(X)] in log units (Monte Carlo)."""
    m = _population_moments(seed, n)
    return m[f"e_tau:{_check_outcome(outcome)}"] / m["e"]
