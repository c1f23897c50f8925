"""Simulated social campaigns with a known noise level, so the best achievable R² is known.

Each row is one campaign: platform, campaign type, content type and total spend, with the
impressions and engagement (likes + shares + comments + saves) it got. On the log scale,

    log1p(impressions) = mu_imp(x) + e_imp,      log1p(engagement) = mu_eng(x) + e_eng,

where x = (platform, campaign_type, content_type, log1p(total_spend)), mu_* are fixed functions
(additive label effects, a platform x content interaction, platform-specific spend elasticity
with diminishing returns) and the noise is Gaussian, correlated across targets, with a
platform-specific standard deviation. No predictor of x alone can beat the R² of mu itself:

    achievable R² = Var(mu(X)) / (Var(mu(X)) + E[sigma²(X)]),

computed by :func:`achievable_r2` from the label probabilities and Gauss-Hermite quadrature over
log spend (exact up to the quadrature and the rounding of counts and of spend to cents).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PLATFORMS: tuple[str, ...] = ("TikTok", "Instagram", "Meta")
CAMPAIGN_TYPES: tuple[str, ...] = ("Bau", "Mm", "Flood The Feed")
CONTENT_TYPES: tuple[str, ...] = (
    "Influencer - Cfg - Boosted Only",
    "Influencer - Cfg - Organic Only",
    "Influencer - Ogilvy - Boosted Only",
    "Paid - Brand",
    "Paid - Performance",
    "Owned - Social",
)
TARGETS: tuple[str, ...] = ("impressions", "engagement")
ENGAGEMENT_PARTS: tuple[str, ...] = ("likes", "shares", "comments", "saves")
RAW_COLUMNS: tuple[str, ...] = (
    "campaign_id",
    "platform",
    "campaign_type",
    "content_type",
    "total_spend",
    "impressions",
    *ENGAGEMENT_PARTS,
)
EXPECTATION_COLUMNS: tuple[str, ...] = (
    "campaign_id",
    "expected_log_impressions",
    "expected_log_engagement",
    "log_impressions_noise_sd",
    "log_engagement_noise_sd",
)
PREDICTABILITY_COLUMNS: tuple[str, ...] = (
    "target",
    "achievable_r2",
    "explained_variance",
    "noise_variance",
)

_PLATFORM_P = np.array([0.40, 0.35, 0.25])
_TYPE_P = np.array([0.50, 0.30, 0.20])
_CONTENT_P = np.array([0.22, 0.18, 0.15, 0.17, 0.16, 0.12])
# log spend ~ Normal(_LOG_SPEND_MEAN[campaign type], _LOG_SPEND_SD²): roughly $300 to $60,000.
_LOG_SPEND_MEAN = np.array([8.3, 8.8, 9.3])
_LOG_SPEND_SD = 0.9
_SPEND_CENTER = 8.8

_IMP_INTERCEPT = 11.6
_IMP_PLATFORM = np.array([0.35, 0.05, -0.25])
_IMP_TYPE = np.array([0.00, 0.10, 0.30])
_IMP_CONTENT = np.array([0.25, -0.15, 0.10, 0.20, 0.30, -0.35])
_IMP_PLATFORM_CONTENT = np.array(
    [
        [0.20, 0.10, 0.15, -0.20, -0.15, -0.05],
        [0.00, 0.05, -0.05, 0.10, 0.00, 0.05],
        [-0.20, -0.15, -0.10, 0.15, 0.20, 0.00],
    ]
)
_IMP_ELASTICITY = np.array([0.95, 0.85, 0.75])  # d mu_imp / d log spend at the centre
_IMP_CURVATURE = 0.05  # diminishing returns

_ENG_RATE_INTERCEPT = -3.0  # log engagement per impression
_ENG_PLATFORM = np.array([0.45, 0.15, -0.30])
_ENG_TYPE = np.array([0.00, -0.10, 0.15])
_ENG_CONTENT = np.array([0.30, 0.40, 0.20, -0.25, -0.35, 0.05])
_ENG_SPEND_SLOPE = -0.08  # bigger budgets reach less engaged audiences

_IMP_NOISE_SD = np.array([0.75, 0.65, 0.55])
_ENG_NOISE_SD = np.array([0.85, 0.75, 0.65])
_NOISE_CORRELATION = 0.6
# Share of engagement per part (likes, shares, comments, saves), by platform.
_PART_SHARES = np.array(
    [
        [0.78, 0.08, 0.06, 0.08],
        [0.82, 0.05, 0.05, 0.08],
        [0.74, 0.12, 0.10, 0.04],
    ]
)
_QUADRATURE_NODES = 60


def expected_log_outcomes(
    platform: np.ndarray, campaign_type: np.ndarray, content: np.ndarray, log_spend: np.ndarray
) -> dict[str, np.ndarray]:
    """mu_imp and mu_eng (log1p scale) for label codes and log1p(spend); each shape (n,)."""
    centred = log_spend - _SPEND_CENTER
    log_impressions = (
        _IMP_INTERCEPT
        + _IMP_PLATFORM[platform]
        + _IMP_TYPE[campaign_type]
        + _IMP_CONTENT[content]
        + _IMP_PLATFORM_CONTENT[platform, content]
        + _IMP_ELASTICITY[platform] * centred
        - _IMP_CURVATURE * centred**2
    )
    log_engagement = (
        log_impressions
        + _ENG_RATE_INTERCEPT
        + _ENG_PLATFORM[platform]
        + _ENG_TYPE[campaign_type]
        + _ENG_CONTENT[content]
        + _ENG_SPEND_SLOPE * centred
    )
    return {"impressions": log_impressions, "engagement": log_engagement}


def _noise_sd(platform: np.ndarray) -> dict[str, np.ndarray]:
    return {"impressions": _IMP_NOISE_SD[platform], "engagement": _ENG_NOISE_SD[platform]}


def achievable_r2() -> pd.DataFrame:
    """Population R² of the true mean per target on the log1p scale, one row per target.

    Columns ``PREDICTABILITY_COLUMNS``: explained_variance = Var(mu(X)), noise_variance =
    E[sigma²(X)], achievable_r2 = their ratio to the total. Exact sums over the label cells and
    Gauss-Hermite quadrature over log spend within each campaign type.
    """
    nodes, weights = np.polynomial.hermite_e.hermegauss(_QUADRATURE_NODES)
    weights = weights / weights.sum()
    p, t, c, k = np.meshgrid(
        np.arange(len(PLATFORMS)),
        np.arange(len(CAMPAIGN_TYPES)),
        np.arange(len(CONTENT_TYPES)),
        np.arange(_QUADRATURE_NODES),
        indexing="ij",
    )
    p, t, c, k = (a.ravel() for a in (p, t, c, k))
    probability = _PLATFORM_P[p] * _TYPE_P[t] * _CONTENT_P[c] * weights[k]
    log_spend = np.log1p(np.exp(_LOG_SPEND_MEAN[t] + _LOG_SPEND_SD * nodes[k]))
    means = expected_log_outcomes(p, t, c, log_spend)
    sds = _noise_sd(p)
    rows = []
    for target in TARGETS:
        mean = np.sum(probability * means[target])
        explained = float(np.sum(probability * (means[target] - mean) ** 2))
        noise = float(np.sum(probability * sds[target] ** 2))
        rows.append(
            {
                "target": target,
                "achievable_r2": explained / (explained + noise),
                "explained_variance": explained,
                "noise_variance": noise,
            }
        )
    return pd.DataFrame(rows, columns=list(PREDICTABILITY_COLUMNS))


def simulate_campaigns(
    n_campaigns: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Simulate ``n_campaigns`` campaigns; the same seed gives identical frames.

    Returns:
        (raw, expectations, predictability): ``raw`` has ``RAW_COLUMNS`` (spend in currency
        units rounded to cents, counts as int64); ``expectations`` has ``EXPECTATION_COLUMNS``
        (true mean and noise sd of each log1p target per campaign); ``predictability`` is
        :func:`achievable_r2`.
    """
    rng = np.random.default_rng(seed)
    platform = rng.choice(len(PLATFORMS), size=n_campaigns, p=_PLATFORM_P)
    campaign_type = rng.choice(len(CAMPAIGN_TYPES), size=n_campaigns, p=_TYPE_P)
    content = rng.choice(len(CONTENT_TYPES), size=n_campaigns, p=_CONTENT_P)
    spend = np.round(
        np.exp(_LOG_SPEND_MEAN[campaign_type] + _LOG_SPEND_SD * rng.standard_normal(n_campaigns)),
        2,
    )
    means = expected_log_outcomes(platform, campaign_type, content, np.log1p(spend))
    sds = _noise_sd(platform)
    z_imp, z_other = rng.standard_normal((2, n_campaigns))
    z_eng = _NOISE_CORRELATION * z_imp + np.sqrt(1 - _NOISE_CORRELATION**2) * z_other
    impressions = np.round(np.expm1(means["impressions"] + sds["impressions"] * z_imp))
    engagement = np.round(np.expm1(means["engagement"] + sds["engagement"] * z_eng))
    parts = np.stack(
        [
            rng.multinomial(int(total), _PART_SHARES[p])
            for total, p in zip(engagement, platform, strict=True)
        ]
    ).reshape(n_campaigns, len(ENGAGEMENT_PARTS))
    campaign_id = pd.Series([f"cmp_{i:07d}" for i in range(1, n_campaigns + 1)], dtype="str")
    raw = pd.DataFrame(
        {
            "campaign_id": campaign_id,
            "platform": pd.Series(np.asarray(PLATFORMS)[platform], dtype="str"),
            "campaign_type": pd.Series(np.asarray(CAMPAIGN_TYPES)[campaign_type], dtype="str"),
            "content_type": pd.Series(np.asarray(CONTENT_TYPES)[content], dtype="str"),
            "total_spend": spend.astype(np.float64),
            "impressions": impressions.astype(np.int64),
            **{name: parts[:, j].astype(np.int64) for j, name in enumerate(ENGAGEMENT_PARTS)},
        }
    )
    expectations = pd.DataFrame(
        {
            "campaign_id": campaign_id,
            "expected_log_impressions": means["impressions"],
            "expected_log_engagement": means["engagement"],
            "log_impressions_noise_sd": sds["impressions"].astype(np.float64),
            "log_engagement_noise_sd": sds["engagement"].astype(np.float64),
        }
    )
    return raw, expectations, achievable_r2()
