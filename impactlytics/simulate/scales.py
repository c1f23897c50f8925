"""Named simulation scales and their row counts."""

from __future__ import annotations

SCALES: dict[str, int] = {
    "small": 5_000,
    "default": 100_000,
    "large": 1_000_000,
}
"""Scale name -> number of videos simulated for the causal (video experiments) domain."""

ROLLOUT_USERS: dict[str, int] = {
    "small": 2_000,
    "default": 50_000,
    "large": 500_000,
}
"""Scale name -> number of users of the rollout panel (each observed for 26 weeks)."""


def n_videos_for_scale(scale: str) -> int:
    """Number of videos (rows) for a named scale; raises ValueError for unknown names."""
    try:
        return SCALES[scale]
    except KeyError:
        valid = ", ".join(SCALES)
        raise ValueError(f"unknown scale {scale!r}; valid scales are: {valid}") from None


JOB_TRAINING_PEOPLE: dict[str, int] = {
    "small": 20_000,
    "default": 50_000,
    "large": 500_000,
}
"""Scale name -> number of people simulated for the causal job-training (ATT) study."""

CAMPAIGNS_PER_SCALE: dict[str, int] = {
    "small": 1_000,
    "default": 5_000,
    "large": 50_000,
}
"""Scale name -> number of campaigns simulated for the campaign predictor."""

MEDIA_MIX_WEEKS: dict[str, int] = {
    "small": 26,
    "default": 104,
    "large": 156,
}
"""Scale name -> weeks of hourly media data simulated for the media mix (five channels)."""

AD_PANEL_SHAPES: dict[str, tuple[int, int, int, int]] = {
    "small": (20_000, 1_000, 200, 20),
    "default": (500_000, 10_000, 2_000, 50),
    "large": (10_000_000, 10_000, 2_000, 50),
}
"""Scale name -> (rows, users, vendors, periods) of the simulated ad panel."""
