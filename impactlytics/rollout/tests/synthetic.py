"""Small synthetic panels for the rollout library tests."""

from __future__ import annotations

import numpy as np

from impactlytics.rollout.panel import RolloutPanel
from impactlytics.rollout.spec import RolloutSpec


def make_panel(
    n_units: int = 120,
    n_periods: int = 8,
    cohorts: tuple[int, ...] = (4, 6),
    n_clusters: int | None = None,
    weighted: bool = False,
    control_group: str = "never_treated",
    pre_trend: float = 0.0,
    seed: int = 0,
) -> RolloutPanel:
    """A staggered panel with unit and period effects, a covariate that shifts trends, dynamic
    effects 1 + e, and optionally a cohort-specific pre-trend and coarser clusters."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice(np.array((0, *cohorts)), size=n_units)
    x = rng.normal(size=n_units)
    periods = np.arange(1, n_periods + 1)
    event_time = periods[None, :] - cohort[:, None]
    exposed = (cohort[:, None] > 0) & (event_time >= 0)
    y = (
        rng.normal(size=n_units)[:, None] * 2.0
        + 0.3 * periods[None, :]
        + 0.2 * x[:, None] * periods[None, :]
        + exposed * (1.0 + event_time)
        + pre_trend * (cohort[:, None] > 0) * periods[None, :]
        + rng.normal(size=(n_units, n_periods))
    )
    clusters = np.arange(n_units) if n_clusters is None else rng.integers(0, n_clusters, n_units)
    spec = RolloutSpec(
        name="test",
        data="memory",
        unit="unit",
        period="period",
        exposure="exposed",
        outcomes=("y",),
        control_group=control_group,
    )
    return RolloutPanel(
        spec=spec,
        outcome="y",
        unit_id=np.array([f"u{i}" for i in range(n_units)]),
        y=y,
        cohort=cohort.astype(np.int64),
        cluster=np.unique(clusters, return_inverse=True)[1],
        weight=rng.uniform(0.5, 2.0, n_units) if weighted else np.ones(n_units),
        X=x[:, None],
        covariate_names=("x",),
    )
