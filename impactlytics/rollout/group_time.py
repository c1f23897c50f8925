"""Group-time average effects ATT(g, t) and their aggregation (Callaway & Sant'Anna 2021).

A cohort g is the set of units first exposed in period g. ATT(g, t) compares cohort g with the
control group between the base period g - 1 (a universal base: pre-period cells are placebo
effects relative to g - 1 too) and period t. Controls are the never-exposed units, or with
``not_yet_treated`` also the units first exposed after both t and g - 1. Each cell carries its
influence function, so any aggregation gets a cluster-robust standard error that accounts for
the estimated aggregation weights.

Cell estimators (all return the estimate and its (n,) influence function):

* ``did``: unconditional difference in differences of means (Callaway-Sant'Anna);
* ``outcome_regression``: the g-formula under conditional parallel trends: the control units'
  regression of Y_t - Y_{g-1} on the covariates predicts the cohort's untreated change;
* ``difference_in_means``: Y_t of the cohort minus Y_t of the controls, no pre-period;
* ``cuped``: the difference in means of Y_t adjusted by theta * (X - mean X), X the unit's mean
  outcome before the first cohort starts and theta the pooled regression slope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from impactlytics.rollout.panel import RolloutInputError, RolloutPanel

CellEstimator = Callable[[RolloutPanel, int, int, np.ndarray, np.ndarray], tuple[float, np.ndarray]]


def weighted_mean(
    values: np.ndarray, mask: np.ndarray, weight: np.ndarray
) -> tuple[float, np.ndarray]:
    """Weighted mean of ``values`` over ``mask`` and its (n,) influence function."""
    masked = weight * mask
    total = masked.sum()
    mean = float(masked @ values / total)
    return mean, masked * (values - mean) / total


def control_units(cohort: np.ndarray, g: int, t: int, control_group: str) -> np.ndarray:
    """(n,) mask of the controls of cell (g, t): never exposed, or also not yet exposed at
    max(t, g - 1) with ``not_yet_treated``."""
    never = cohort == 0
    if control_group == "never_treated":
        return never
    return never | ((cohort > max(t, g - 1)) & (cohort != g))


def _difference(
    panel: RolloutPanel, values: np.ndarray, treated: np.ndarray, control: np.ndarray
) -> tuple[float, np.ndarray]:
    mean_t, phi_t = weighted_mean(values, treated, panel.weight)
    mean_c, phi_c = weighted_mean(values, control, panel.weight)
    return mean_t - mean_c, phi_t - phi_c


def did_cell(
    panel: RolloutPanel, g: int, t: int, treated: np.ndarray, control: np.ndarray
) -> tuple[float, np.ndarray]:
    """DiD of means of Y_t - Y_{g-1}, cohort g against the controls."""
    return _difference(panel, panel.y[:, t - 1] - panel.y[:, g - 2], treated, control)


def difference_in_means_cell(
    panel: RolloutPanel, g: int, t: int, treated: np.ndarray, control: np.ndarray
) -> tuple[float, np.ndarray]:
    """Cohort g minus controls in period t, no pre-period adjustment."""
    return _difference(panel, panel.y[:, t - 1], treated, control)


def pre_period_mean(panel: RolloutPanel) -> np.ndarray:
    """(n,) each unit's mean outcome over the periods before the first cohort starts."""
    return panel.y[:, : int(panel.cohorts.min()) - 1].mean(axis=1)


def cuped_cell(
    panel: RolloutPanel, g: int, t: int, treated: np.ndarray, control: np.ndarray
) -> tuple[float, np.ndarray]:
    """CUPED: difference in means of Y_t - theta (X - mean X), theta the pooled slope of Y_t on
    the pre-period mean X over the cell's units, its estimation included in the influence."""
    y, x = panel.y[:, t - 1], pre_period_mean(panel)
    pooled = (treated | control) * panel.weight
    x_centred = x - pooled @ x / pooled.sum()
    y_centred = y - pooled @ y / pooled.sum()
    sxx = pooled @ (x_centred * x_centred)
    theta = float(pooled @ (x_centred * y_centred) / sxx)
    dy, phi_y = _difference(panel, y, treated, control)
    dx, phi_x = _difference(panel, x, treated, control)
    phi_theta = pooled * x_centred * (y_centred - theta * x_centred) / sxx
    return dy - theta * dx, phi_y - theta * phi_x - dx * phi_theta


def outcome_regression_cell(
    panel: RolloutPanel, g: int, t: int, treated: np.ndarray, control: np.ndarray
) -> tuple[float, np.ndarray]:
    """g-formula: cohort mean of (Y_t - Y_{g-1}) - Z beta, beta the controls' weighted least
    squares of the change on Z = [1, X]; the influence includes the estimation of beta."""
    change = panel.y[:, t - 1] - panel.y[:, g - 2]
    design = np.column_stack([np.ones(len(change)), panel.X])
    wc = panel.weight * control
    gram = (design * wc[:, None]).T @ design / wc.sum()
    beta = np.linalg.lstsq(gram, (design * wc[:, None]).T @ change / wc.sum(), rcond=None)[0]
    residual = change - design @ beta
    estimate, phi_t = weighted_mean(residual, treated, panel.weight)
    wt = panel.weight * treated
    mean_z_treated = wt @ design / wt.sum()
    direction = np.linalg.lstsq(gram, mean_z_treated, rcond=None)[0]
    phi_c = wc * residual * (design @ direction) / wc.sum()
    return estimate, phi_t - phi_c


@dataclass(frozen=True)
class GroupTimeEffects:
    """ATT(g, t) of ``m`` cells: cohorts (m,), periods (m,), estimates (m,), influence (n, m)."""

    cohorts: np.ndarray
    periods: np.ndarray
    estimates: np.ndarray
    influence: np.ndarray

    @property
    def event_times(self) -> np.ndarray:
        return self.periods - self.cohorts


def group_time_effects(
    panel: RolloutPanel, cell: CellEstimator, post_only: bool = False
) -> GroupTimeEffects:
    """Every identified cell (g, t), t != g - 1 (the base), of one cell estimator; with
    ``post_only`` only t >= g. Cells without a control unit are skipped."""
    cells, estimates, influences = [], [], []
    for g in panel.cohorts:
        treated = panel.cohort == g
        for t in range(int(g) if post_only else 1, panel.n_periods + 1):
            if t == g - 1:
                continue
            control = control_units(panel.cohort, int(g), t, panel.spec.control_group)
            if not control.any():
                continue
            estimate, phi = cell(panel, int(g), t, treated, control)
            cells.append((g, t))
            estimates.append(estimate)
            influences.append(phi)
    if not any(t >= g for g, t in cells):
        raise RolloutInputError(
            f"{panel.spec.label}: outcome column '{panel.outcome}': no exposed period has a "
            f"control unit under control_group {panel.spec.control_group}"
        )
    cohorts, periods = (np.array(c, dtype=np.int64) for c in zip(*cells, strict=True))
    return GroupTimeEffects(cohorts, periods, np.array(estimates), np.column_stack(influences))


def aggregate(
    effects: GroupTimeEffects, selected: np.ndarray, panel: RolloutPanel, by_cohort_size: bool
) -> tuple[float, np.ndarray]:
    """Weighted average of the ``selected`` cells and its (n,) influence function.

    With ``by_cohort_size`` the weights are proportional to the cohorts' (weighted) sizes,
    estimated from the sample, and the influence includes that estimation; otherwise the cells
    count equally.
    """
    theta = effects.estimates[selected]
    phi = effects.influence[:, selected]
    if not by_cohort_size:
        return float(theta.mean()), phi.mean(axis=1)
    cell_cohorts = effects.cohorts[selected]
    cohort_size = np.bincount(panel.cohort, weights=panel.weight, minlength=panel.n_periods + 1)
    size = cohort_size[cell_cohorts]
    total = size.sum()
    omega = size / total
    estimate = float(omega @ theta)
    # Influence of omega_k: w_i (1{G_i = g_k} - omega_k m_i) / total, where m_i counts the
    # selected cells of unit i's cohort; summed over k against theta_k.
    theta_sum = np.bincount(cell_cohorts, weights=theta, minlength=panel.n_periods + 1)
    n_cells = np.bincount(cell_cohorts, minlength=panel.n_periods + 1)
    theta_sum[0] = n_cells[0] = 0  # never-exposed units carry no aggregation weight
    phi_weights = (
        panel.weight * (theta_sum[panel.cohort] - n_cells[panel.cohort] * estimate) / total
    )
    return estimate, phi @ omega + phi_weights
