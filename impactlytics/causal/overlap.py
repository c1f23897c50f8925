"""Propensity-score overlap diagnostics, trimming rule and a fail-fast overlap check."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from impactlytics.causal.propensity import check_propensity, check_treatment


class NoOverlapError(ValueError):
    """Raised when treated and control propensity distributions do not overlap enough."""


@dataclass(frozen=True, eq=False)
class OverlapDiagnostics:
    """Summary of propensity overlap; ranges are over all units of each arm (before trimming).

    ``is_trimmed`` has shape (n,) and flags units with e < trim_threshold or
    e > 1 - trim_threshold; ``share_trimmed`` is n_trimmed / n.
    """

    trim_threshold: float
    is_trimmed: np.ndarray = field(repr=False)
    n_trimmed: int
    share_trimmed: float
    propensity_min_treated: float
    propensity_max_treated: float
    propensity_min_control: float
    propensity_max_control: float
    n_treated_kept: int
    n_control_kept: int


def _range(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return float("nan"), float("nan")
    return float(values.min()), float(values.max())


def diagnose_overlap(
    propensity: np.ndarray, treatment: np.ndarray, trim_threshold: float = 0.01
) -> OverlapDiagnostics:
    """Trim units with e outside [trim_threshold, 1 - trim_threshold] and summarise each arm."""
    if not 0.0 <= trim_threshold < 0.5:
        raise ValueError(f"trim_threshold must lie in [0, 0.5), got {trim_threshold}")
    t = check_treatment(treatment)
    e = check_propensity(propensity, t.size)
    trimmed = (e < trim_threshold) | (e > 1.0 - trim_threshold)
    treated = t == 1
    min_t, max_t = _range(e[treated])
    min_c, max_c = _range(e[~treated])
    return OverlapDiagnostics(
        trim_threshold=float(trim_threshold),
        is_trimmed=trimmed,
        n_trimmed=int(trimmed.sum()),
        share_trimmed=float(trimmed.mean()) if t.size else 0.0,
        propensity_min_treated=min_t,
        propensity_max_treated=max_t,
        propensity_min_control=min_c,
        propensity_max_control=max_c,
        n_treated_kept=int((treated & ~trimmed).sum()),
        n_control_kept=int((~treated & ~trimmed).sum()),
    )


def check_overlap(
    diagnostics: OverlapDiagnostics,
    max_share_trimmed: float = 0.5,
    min_units_per_arm: int = 10,
    context: str = "",
) -> None:
    """Raise :class:`NoOverlapError` when overlap fails, else return None.

    Fails when more than ``max_share_trimmed`` of units are trimmed, when either arm keeps
    fewer than ``min_units_per_arm`` units, or when the arms' propensity ranges are disjoint
    (perfect separation). The message starts with ``context`` (e.g. "study 'x'").
    """
    d = diagnostics
    problems = []
    if d.share_trimmed > max_share_trimmed:
        problems.append(f"{d.share_trimmed:.1%} of units trimmed (limit {max_share_trimmed:.1%})")
    if min(d.n_treated_kept, d.n_control_kept) < min_units_per_arm:
        problems.append(
            f"only {d.n_treated_kept} treated / {d.n_control_kept} control units remain "
            f"after trimming (need {min_units_per_arm} per arm)"
        )
    if d.propensity_max_control < d.propensity_min_treated or (
        d.propensity_max_treated < d.propensity_min_control
    ):
        problems.append("treated and control propensity ranges are disjoint")
    if not problems:
        return
    prefix = f"{context}: " if context else ""
    raise NoOverlapError(
        f"{prefix}insufficient propensity overlap: {'; '.join(problems)}. "
        f"Propensity range treated [{d.propensity_min_treated:.4f}, "
        f"{d.propensity_max_treated:.4f}], control [{d.propensity_min_control:.4f}, "
        f"{d.propensity_max_control:.4f}]; trim threshold {d.trim_threshold:g}, "
        f"{d.n_trimmed} units trimmed, {d.n_treated_kept} treated / {d.n_control_kept} "
        f"control kept."
    )
