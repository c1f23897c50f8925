"""Named simulation scales and their row counts."""

from __future__ import annotations

SCALES: dict[str, int] = {
    "small": 5_000,
    "default": 100_000,
    "large": 1_000_000,
}
"""Scale name -> number of videos simulated for the causal (video experiments) domain."""


def n_videos_for_scale(scale: str) -> int:
    """Number of videos (rows) for a named scale; raises ValueError for unknown names."""
    try:
        return SCALES[scale]
    except KeyError:
        valid = ", ".join(SCALES)
        raise ValueError(f"unknown scale {scale!r}; valid scales are: {valid}") from None
