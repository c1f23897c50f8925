"""Simulated "Steamly" rollout panel: users x weeks with two rollouts and known effects.

One row per user and week. Untreated engagement follows a two-way fixed-effects model plus a
user-specific trend,

    y_it(0) = alpha_i + lambda_t + gamma_i * (t - 1) + noise_it,

and a treated user's outcome adds tau_{g, t - g} from its adoption week g on. Two rollouts:

* ``recommender_v2`` (exposure ``is_exposed``, outcome ``minutes_watched``): staggered adoption in
  three waves; who is exposed, and how early, depends on segment (confounded levels), not on
  the trend, so parallel trends hold. Effects ramp up with event time and differ by wave, so
  TWFE is biased while Callaway-Sant'Anna is not.
* ``autoplay_previews`` (exposure ``is_exposed_autoplay``, outcome ``sessions``): a single
  adoption week, with adoption more likely for users whose sessions were already trending up,
  so parallel trends are violated and the pre-trend test must flag it.

The truth table holds tau_{g, t} per rollout x cohort x week with the number of users in the
cohort: the true ATT(g, t) of every group-time cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

N_WEEKS = 26
WEEK_ONE = np.datetime64("2026-01-05")  # a Monday
SEGMENTS: tuple[str, ...] = ("casual", "regular", "power")
PLANS: tuple[str, ...] = ("free", "standard", "premium")
SIGNUP_COHORTS: tuple[str, ...] = ("2024h1", "2024h2", "2025h1", "2025h2")
USER_TYPES: tuple[str, ...] = ("individual", "family")
RAW_COLUMNS: tuple[str, ...] = (
    "user_id",
    "week_index",
    "week_start_date",
    "segment",
    "plan",
    "cohort",
    "user_type",
    "tenure_weeks",
    "is_exposed",
    "is_exposed_autoplay",
    "minutes_watched",
    "sessions",
)
USER_COLUMNS: tuple[str, ...] = (
    "user_id",
    "segment",
    "plan",
    "cohort",
    "user_type",
    "tenure_weeks",
    "pre_period_minutes",
    "autoplay_test_arm",
)
TRUTH_COLUMNS: tuple[str, ...] = (
    "rollout_name",
    "exposure_column",
    "outcome_name",
    "cohort_period",
    "period",
    "event_time",
    "n_units",
    "true_effect",
)

# recommender_v2: adoption waves (first exposed week) and the segment-dependent assignment.
RECOMMENDER_WAVES: tuple[int, ...] = (9, 13, 17)
_WAVE_PROBABILITIES = np.array(  # rows: segment; columns: never, wave 1, wave 2, wave 3
    [
        [0.55, 0.10, 0.15, 0.20],
        [0.40, 0.20, 0.20, 0.20],
        [0.25, 0.35, 0.25, 0.15],
    ]
)
_WAVE_EFFECT = np.array([12.0, 8.0, 5.0])  # long-run effect of each wave, minutes per week
_RAMP_WEEKS = 3.0
# autoplay_previews: one adoption week; adoption probability rises with the sessions trend.
AUTOPLAY_WEEK = 14
_AUTOPLAY_EFFECT = 0.6  # sessions per week
_AUTOPLAY_BASE_LOGIT = -0.4
_AUTOPLAY_TREND_LOGIT = 12.0  # per unit of the user's sessions trend

# The logged arm of a past 50/50 autoplay A/B test, with a logging bug that loses 20% of the
# treated casual users: the sample-ratio-mismatch check must flag it.
_AB_TEST_LOSS_CASUAL_TREATED = 0.20

_SEGMENT_MINUTES = np.array([60.0, 150.0, 320.0])
_PLAN_MINUTES = np.array([0.0, 25.0, 45.0])
_SEGMENT_SESSIONS = np.array([3.0, 6.0, 11.0])


def recommender_effect(wave: int, event_time: np.ndarray) -> np.ndarray:
    """True effect on minutes_watched of wave ``wave`` (0-based) at ``event_time`` >= 0."""
    return _WAVE_EFFECT[wave] * (1.0 - np.exp(-(event_time + 1.0) / _RAMP_WEEKS))


def _week_effects(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    weeks = np.arange(N_WEEKS, dtype=np.float64)
    season = np.sin(2.0 * np.pi * weeks / 13.0)
    minutes = 0.8 * weeks + 10.0 * season + rng.normal(0.0, 3.0, N_WEEKS)
    sessions = 0.02 * weeks + 0.4 * season + rng.normal(0.0, 0.1, N_WEEKS)
    return minutes, sessions


def simulate_rollout_panel(n_users: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate ``n_users`` users over ``N_WEEKS`` weeks; same seed gives identical frames.

    Returns:
        (raw, truth): ``raw`` has n_users * N_WEEKS rows with ``RAW_COLUMNS`` (sorted by user,
        week); ``truth`` has one row per rollout x treated cohort x week with ``TRUTH_COLUMNS``.
    """
    if n_users < 10:
        raise ValueError(f"n_users must be >= 10, got {n_users}")
    rng = np.random.default_rng(seed)
    segment = rng.choice(len(SEGMENTS), size=n_users, p=[0.5, 0.35, 0.15])
    plan = np.minimum(rng.binomial(2, 0.25 + 0.15 * segment), 2)
    signup = rng.integers(0, len(SIGNUP_COHORTS), n_users)
    user_type = (rng.random(n_users) < 0.3).astype(np.int64)
    tenure = (len(SIGNUP_COHORTS) - signup) * 26 - rng.integers(0, 26, n_users)

    cumulative = np.cumsum(_WAVE_PROBABILITIES[segment], axis=1)
    wave = (rng.random(n_users)[:, None] > cumulative).sum(axis=1) - 1  # -1: never exposed
    trend_sessions = rng.normal(0.0, 0.05, n_users)
    autoplay_logit = _AUTOPLAY_BASE_LOGIT + _AUTOPLAY_TREND_LOGIT * trend_sessions
    is_autoplay = rng.random(n_users) < 1.0 / (1.0 + np.exp(-autoplay_logit))

    week_minutes, week_sessions = _week_effects(rng)
    alpha_minutes = (
        _SEGMENT_MINUTES[segment]
        + _PLAN_MINUTES[plan]
        + 0.1 * tenure
        + 15.0 * user_type
        + rng.normal(0.0, 30.0, n_users)
    )
    alpha_sessions = _SEGMENT_SESSIONS[segment] + rng.normal(0.0, 1.5, n_users)
    trend_minutes = rng.normal(0.0, 0.5, n_users)

    weeks = np.arange(1, N_WEEKS + 1)
    first_week = np.where(wave >= 0, np.asarray(RECOMMENDER_WAVES)[np.maximum(wave, 0)], 0)
    event_time = weeks[None, :] - first_week[:, None]
    exposed = (wave[:, None] >= 0) & (event_time >= 0)
    effect = np.zeros((n_users, N_WEEKS))
    for w in range(len(RECOMMENDER_WAVES)):
        rows = wave == w
        effect[rows] = np.where(
            exposed[rows], recommender_effect(w, np.maximum(event_time[rows], 0)), 0.0
        )
    minutes = (
        alpha_minutes[:, None]
        + week_minutes[None, :]
        + trend_minutes[:, None] * (weeks[None, :] - 1)
        + effect
        + rng.normal(0.0, 25.0, (n_users, N_WEEKS))
    )
    exposed_autoplay = is_autoplay[:, None] & (weeks[None, :] >= AUTOPLAY_WEEK)
    sessions = (
        alpha_sessions[:, None]
        + week_sessions[None, :]
        + trend_sessions[:, None] * (weeks[None, :] - 1)
        + _AUTOPLAY_EFFECT * exposed_autoplay
        + rng.normal(0.0, 1.0, (n_users, N_WEEKS))
    )

    def per_user(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, N_WEEKS)

    user_id = pd.Series([f"u{i:07d}" for i in range(1, n_users + 1)], dtype="str")
    raw = pd.DataFrame(
        {
            "user_id": user_id.repeat(N_WEEKS).reset_index(drop=True),
            "week_index": np.tile(weeks, n_users).astype(np.int64),
            "week_start_date": np.tile(WEEK_ONE + 7 * (weeks - 1), n_users).astype("datetime64[s]"),
            "segment": pd.Series(np.asarray(SEGMENTS)[per_user(segment)], dtype="str"),
            "plan": pd.Series(np.asarray(PLANS)[per_user(plan)], dtype="str"),
            "cohort": pd.Series(np.asarray(SIGNUP_COHORTS)[per_user(signup)], dtype="str"),
            "user_type": pd.Series(np.asarray(USER_TYPES)[per_user(user_type)], dtype="str"),
            "tenure_weeks": per_user(tenure).astype(np.int64),
            "is_exposed": exposed.ravel().astype(np.int64),
            "is_exposed_autoplay": exposed_autoplay.ravel().astype(np.int64),
            "minutes_watched": np.round(minutes.ravel(), 3),
            "sessions": np.round(sessions.ravel(), 3),
        }
    )
    raw["week_start_date"] = raw["week_start_date"].dt.date
    return raw[list(RAW_COLUMNS)], _truth(wave, is_autoplay)


def _truth(wave: np.ndarray, is_autoplay: np.ndarray) -> pd.DataFrame:
    weeks = np.arange(1, N_WEEKS + 1)
    frames = []
    for w, start in enumerate(RECOMMENDER_WAVES):
        event_time = weeks - start
        effect = np.where(event_time >= 0, recommender_effect(w, np.maximum(event_time, 0)), 0.0)
        frames.append(
            _truth_rows("recommender_v2", "is_exposed", "minutes_watched", start, wave == w, effect)
        )
    effect = np.where(weeks >= AUTOPLAY_WEEK, _AUTOPLAY_EFFECT, 0.0)
    frames.append(
        _truth_rows(
            "autoplay_previews",
            "is_exposed_autoplay",
            "sessions",
            AUTOPLAY_WEEK,
            is_autoplay,
            effect,
        )
    )
    return pd.concat(frames, ignore_index=True)[list(TRUTH_COLUMNS)]


def _truth_rows(
    rollout: str, exposure: str, outcome: str, start: int, members: np.ndarray, effect: np.ndarray
) -> pd.DataFrame:
    weeks = np.arange(1, N_WEEKS + 1)
    return pd.DataFrame(
        {
            "rollout_name": rollout,
            "exposure_column": exposure,
            "outcome_name": outcome,
            "cohort_period": np.int64(start),
            "period": weeks.astype(np.int64),
            "event_time": (weeks - start).astype(np.int64),
            "n_units": np.int64(members.sum()),
            "true_effect": effect.astype(np.float64),
        }
    )


def simulate_steamly_users(raw: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One row per user of ``raw`` (a panel from :func:`simulate_rollout_panel`) with its
    attributes, the mean weekly minutes before the first recommender wave (the pre-period
    metric of a new experiment) and ``autoplay_test_arm``, the logged arm of a past 50/50 A/B
    test whose logging lost some treated casual users (null arm), a sample-ratio mismatch."""
    rng = np.random.default_rng(seed)
    first = raw.iloc[::N_WEEKS].reset_index(drop=True)
    pre = raw[raw["week_index"] < RECOMMENDER_WAVES[0]]
    arm = np.where(rng.random(len(first)) < 0.5, "treatment", "control")
    lost = (
        (arm == "treatment")
        & (first["segment"].to_numpy() == "casual")
        & (rng.random(len(first)) < _AB_TEST_LOSS_CASUAL_TREATED)
    )
    users = first[["user_id", "segment", "plan", "cohort", "user_type", "tenure_weeks"]].assign(
        pre_period_minutes=pre.groupby("user_id", sort=True)["minutes_watched"].mean().to_numpy(),
        autoplay_test_arm=pd.Series(np.where(lost, None, arm), dtype="str"),
    )
    return users[list(USER_COLUMNS)]
