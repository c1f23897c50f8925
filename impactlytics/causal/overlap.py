"""Propensity-score overlap: trimming rules that follow the estimand, diagnostics, fail-fast check.

Rules (the study key ``trim``):

- a number α in [0, 0.5) (``fixed``): keep units with α <= e <= 1 - α; the ATE default is 0.01.
- ``crump``: the same with α chosen from the data to minimise the asymptotic variance of the
  ATE over the kept population (Crump, Hotz, Imbens & Mitnik 2009). ATE only.
- ``support``: common support (Dehejia & Wahba 1999), the ATT default. Treated units are kept
  when their score lies inside the range of control scores and at most 1 - ε (ε = 0.01);
  controls are kept between the smallest kept treated score and the same upper bound. Controls
  far below every treated unit carry a near-zero ATT weight and are dropped without counting as
  an overlap failure. For the ATE the rule keeps units inside both arms' common score range.

The estimate then refers to the kept population: all kept units for the ATE, the kept treated
units for the ATT; :func:`target_population` words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from impactlytics.causal.propensity import check_propensity, check_treatment
from impactlytics.causal.results import check_estimand

FIXED, CRUMP, SUPPORT = "fixed", "crump", "support"
DEFAULT_ATE_TRIM = 0.01
SUPPORT_EPSILON = 0.01


class NoOverlapError(ValueError):
    """Raised when treated and control propensity distributions do not overlap enough."""


@dataclass(frozen=True, eq=False)
class OverlapDiagnostics:
    """Which units a trimming rule keeps, and each arm's score range before trimming.

    ``is_trimmed`` has shape (n,). ``kept_lower`` / ``kept_upper`` map each arm (0, 1) to the
    closed score interval its units must lie in to be kept. ``trim_threshold`` is α for the
    fixed and Crump rules and ε for the support rule.
    """

    estimand: str
    rule: str
    trim_threshold: float
    is_trimmed: np.ndarray = field(repr=False)
    kept_lower: dict[int, float]
    kept_upper: dict[int, float]
    n_treated: int
    n_control: int
    n_treated_kept: int
    n_control_kept: int
    propensity_min_treated: float
    propensity_max_treated: float
    propensity_min_control: float
    propensity_max_control: float

    @property
    def n_trimmed(self) -> int:
        return int(self.is_trimmed.sum())

    @property
    def share_trimmed(self) -> float:
        """Trimmed share of the population the estimand averages over (all units or treated)."""
        if self.estimand == "ATT":
            return 1.0 - self.n_treated_kept / self.n_treated if self.n_treated else 0.0
        n = self.n_treated + self.n_control
        return self.n_trimmed / n if n else 0.0


def _range(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return float("nan"), float("nan")
    return float(values.min()), float(values.max())


def crump_threshold(propensity: np.ndarray) -> float:
    """Crump et al. (2009) optimal α: with g = 1 / (e (1 - e)), no trimming when
    max g <= 2 mean g, else α = 1/2 - sqrt(1/4 - 1/γ) where γ solves γ = 2 E[g | g <= γ]."""
    g = np.sort(1.0 / (propensity * (1.0 - propensity)))
    if g[-1] <= 2.0 * g.mean():
        return 0.0
    running_mean = np.cumsum(g) / np.arange(1, g.size + 1)
    last_kept = np.flatnonzero(g <= 2.0 * running_mean)[-1]
    gamma = 2.0 * running_mean[last_kept]
    return float(0.5 - np.sqrt(0.25 - 1.0 / gamma))


def resolve_rule(trim: float | str | None, estimand: str) -> tuple[str, float]:
    """(rule, threshold) for a study's ``trim`` key; ``None`` picks the estimand's default."""
    check_estimand(estimand)
    if trim is None:
        return (FIXED, DEFAULT_ATE_TRIM) if estimand == "ATE" else (SUPPORT, SUPPORT_EPSILON)
    if trim == SUPPORT:
        return SUPPORT, SUPPORT_EPSILON
    if trim == CRUMP:
        if estimand != "ATE":
            raise ValueError("trim 'crump' is the ATE rule; use 'support' or a number for the ATT")
        return CRUMP, float("nan")
    if isinstance(trim, str) or not 0.0 <= float(trim) < 0.5:
        raise ValueError(f"trim must be 'support', 'crump' or a number in [0, 0.5), got {trim!r}")
    return FIXED, float(trim)


def diagnose_overlap(
    propensity: np.ndarray,
    treatment: np.ndarray,
    estimand: str = "ATE",
    trim: float | str | None = None,
) -> OverlapDiagnostics:
    """Apply the trimming rule ``trim`` (see the module docstring) for ``estimand``."""
    rule, threshold = resolve_rule(trim, estimand)
    t = check_treatment(treatment)
    e = check_propensity(propensity, t.size)
    treated = t == 1
    min_t, max_t = _range(e[treated])
    min_c, max_c = _range(e[~treated])
    if rule == CRUMP:
        threshold = crump_threshold(e)
    if rule == SUPPORT:
        upper = min(max_c, 1.0 - threshold) if estimand == "ATT" else min(max_t, max_c)
        lower = max(min_t, min_c)
        kept_treated = treated & (e >= lower) & (e <= upper)
        if estimand == "ATT" and kept_treated.any():
            kept_lower = {0: float(e[kept_treated].min()), 1: lower}
        else:
            kept_lower = dict.fromkeys((0, 1), lower)
        kept_upper = dict.fromkeys((0, 1), upper)
    else:
        kept_lower = dict.fromkeys((0, 1), threshold)
        kept_upper = dict.fromkeys((0, 1), 1.0 - threshold)
    lower_bound = np.where(treated, kept_lower[1], kept_lower[0])
    upper_bound = np.where(treated, kept_upper[1], kept_upper[0])
    trimmed = (e < lower_bound) | (e > upper_bound)
    return OverlapDiagnostics(
        estimand=estimand,
        rule=rule,
        trim_threshold=float(threshold),
        is_trimmed=trimmed,
        kept_lower=kept_lower,
        kept_upper=kept_upper,
        n_treated=int(treated.sum()),
        n_control=int((~treated).sum()),
        n_treated_kept=int((treated & ~trimmed).sum()),
        n_control_kept=int((~treated & ~trimmed).sum()),
        propensity_min_treated=min_t,
        propensity_max_treated=max_t,
        propensity_min_control=min_c,
        propensity_max_control=max_c,
    )


def target_population(diagnostics: OverlapDiagnostics) -> str:
    """One sentence naming the population the estimate refers to after trimming."""
    d = diagnostics
    if d.estimand == "ATT":
        who = f"the {d.n_treated_kept} of {d.n_treated} treated units"
    else:
        who = f"the {d.n_treated_kept + d.n_control_kept} of {d.n_treated + d.n_control} units"
    if d.rule == SUPPORT:
        how = (
            "whose propensity lies inside the control scores' range and at most "
            f"{1 - d.trim_threshold:g} (common support)"
            if d.estimand == "ATT"
            else "whose propensity lies inside both arms' common range (common support)"
        )
    else:
        source = "chosen by Crump et al. 2009" if d.rule == CRUMP else "fixed"
        how = (
            f"with propensity in [{d.trim_threshold:.4g}, {1 - d.trim_threshold:.4g}] "
            f"(threshold {source})"
        )
    return f"{d.estimand} over {who} {how}"


def check_overlap(
    diagnostics: OverlapDiagnostics,
    max_share_trimmed: float = 0.5,
    min_units_per_arm: int = 10,
    context: str = "",
) -> None:
    """Raise :class:`NoOverlapError` when overlap fails for the estimand, else return None.

    Fails when more than ``max_share_trimmed`` of the estimand's population is trimmed (all
    units for the ATE, the treated for the ATT: controls without a treated counterpart are not
    a failure there), when either arm keeps fewer than ``min_units_per_arm`` units, or when the
    treated scores have no control counterpart (disjoint ranges). The message starts with
    ``context`` (e.g. "study 'x'").
    """
    d = diagnostics
    population = "treated units" if d.estimand == "ATT" else "units"
    problems = []
    if d.share_trimmed > max_share_trimmed:
        problems.append(
            f"{d.share_trimmed:.1%} of {population} trimmed (limit {max_share_trimmed:.1%})"
        )
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
        f"{prefix}insufficient propensity overlap for the {d.estimand}: {'; '.join(problems)}. "
        f"Propensity range treated [{d.propensity_min_treated:.4f}, "
        f"{d.propensity_max_treated:.4f}], control [{d.propensity_min_control:.4f}, "
        f"{d.propensity_max_control:.4f}]; trim rule {d.rule} ({d.trim_threshold:g}), "
        f"{d.n_trimmed} units trimmed, {d.n_treated_kept} treated / {d.n_control_kept} "
        f"control kept."
    )
