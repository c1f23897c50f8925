"""The rollout's effect estimators, all but TWFE targeting one estimand.

Estimand: the ATT averaged over exposed unit-periods, sum_{g, t >= g} N_g ATT(g, t) /
sum_{g, t >= g} N_g (Callaway & Sant'Anna's "simple" aggregation; N_g the cohort's weighted
size). ``callaway_santanna``, ``g_formula``, ``cuped`` and ``difference_in_means`` aggregate
their ATT(g, t) cells this way; ``twfe`` is the static two-way fixed-effects coefficient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impactlytics.rollout.group_time import (
    CellEstimator,
    GroupTimeEffects,
    aggregate,
    control_units,
    cuped_cell,
    did_cell,
    difference_in_means_cell,
    group_time_effects,
    outcome_regression_cell,
)
from impactlytics.rollout.inference import RolloutEffect
from impactlytics.rollout.panel import RolloutPanel
from impactlytics.rollout.twfe import twfe_effect


@dataclass(frozen=True)
class CellMethod:
    """A group-time estimator: its cell function and how ``method`` columns describe it."""

    cell: CellEstimator
    method: str


CELL_METHODS: dict[str, CellMethod] = {
    "callaway_santanna": CellMethod(
        did_cell,
        "Callaway-Sant'Anna ATT(g,t), unconditional parallel trends, base period g-1, "
        "aggregated over exposed unit-periods; influence-function CR1 cluster-robust SE",
    ),
    "g_formula": CellMethod(
        outcome_regression_cell,
        "g-formula (outcome-regression DiD): controls' OLS of Y_t - Y_(g-1) on the covariates "
        "predicts each cohort's untreated change; influence-function CR1 cluster-robust SE",
    ),
    "cuped": CellMethod(
        cuped_cell,
        "CUPED: period-t difference in means adjusted by the pre-period outcome mean (pooled "
        "slope), no parallel-trends differencing; influence-function CR1 cluster-robust SE",
    ),
    "difference_in_means": CellMethod(
        difference_in_means_cell,
        "unadjusted period-t difference in means, exposed cohort minus controls; "
        "influence-function CR1 cluster-robust SE",
    ),
}


def cells(panel: RolloutPanel, estimator: str, post_only: bool = True) -> GroupTimeEffects:
    """ATT(g, t) cells of one group-time estimator: post-period cells, or all of them."""
    return group_time_effects(panel, CELL_METHODS[estimator].cell, post_only=post_only)


def n_units(panel: RolloutPanel, effects: GroupTimeEffects) -> tuple[int, int]:
    """(exposed units, units serving as a control in some post-period cell)."""
    used = np.zeros(len(panel.cohort), dtype=bool)
    for g, t in zip(effects.cohorts, effects.periods, strict=True):
        if t >= g:
            used |= control_units(panel.cohort, int(g), int(t), panel.spec.control_group)
    return int((panel.cohort > 0).sum()), int(used.sum())


def overall_effect(
    panel: RolloutPanel, estimator: str, effects: GroupTimeEffects | None = None
) -> RolloutEffect:
    """The estimand's estimate from one group-time estimator (``effects``: its cells if known)."""
    effects = cells(panel, estimator) if effects is None else effects
    estimate, influence = aggregate(effects, effects.event_times >= 0, panel, by_cohort_size=True)
    return RolloutEffect.from_influence(
        estimator,
        estimate,
        influence,
        panel.cluster,
        n_units(panel, effects),
        CELL_METHODS[estimator].method,
    )


def all_effects(panel: RolloutPanel) -> list[RolloutEffect]:
    """``twfe`` and every group-time estimator's overall effect."""
    return [twfe_effect(panel)] + [overall_effect(panel, name) for name in CELL_METHODS]


@dataclass(frozen=True)
class EventStudy:
    """Event-time effects theta(e) = sum_g N_g ATT(g, g + e) / sum_g N_g over the cohorts
    observed at e (e = -1 is the base and omitted): event_times (k,), estimates (k,),
    influence (n, k)."""

    event_times: np.ndarray
    estimates: np.ndarray
    influence: np.ndarray
    n_cohorts: np.ndarray


def event_study(panel: RolloutPanel, effects: GroupTimeEffects) -> EventStudy:
    """Aggregate cells by event time, weighting cohorts by size (influence included)."""
    event_times = np.unique(effects.event_times)
    estimates, influences, n_cohorts = [], [], []
    for e in event_times:
        selected = effects.event_times == e
        estimate, phi = aggregate(effects, selected, panel, by_cohort_size=True)
        estimates.append(estimate)
        influences.append(phi)
        n_cohorts.append(int(selected.sum()))
    return EventStudy(
        event_times, np.array(estimates), np.column_stack(influences), np.array(n_cohorts)
    )


def cohort_effects(
    panel: RolloutPanel, effects: GroupTimeEffects
) -> list[tuple[int, float, np.ndarray]]:
    """Per cohort g: (g, mean of ATT(g, t) over its post periods, influence)."""
    rows = []
    for g in np.unique(effects.cohorts):
        selected = (effects.cohorts == g) & (effects.event_times >= 0)
        rows.append((int(g), *aggregate(effects, selected, panel, by_cohort_size=False)))
    return rows
