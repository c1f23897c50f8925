"""One rollout x outcome as arrays: a balanced unit x period outcome matrix and unit attributes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from impactlytics.rollout.spec import RolloutSpec

logger = logging.getLogger(__name__)


class RolloutInputError(ValueError):
    """A declared rollout whose input cannot be analysed as declared."""


@dataclass(frozen=True)
class RolloutPanel:
    """A balanced panel of ``n`` units over ``T`` periods for one outcome.

    Attributes:
        y: (n, T) outcome; column ``t - 1`` is period rank ``t``.
        cohort: (n,) rank of the unit's first exposed period, 0 for units never exposed.
        cluster: (n,) cluster codes 0..G-1.
        weight: (n,) positive analytic weights (1 when none is declared).
        X: (n, k) pre-treatment covariates (categoricals one-hot, reference level dropped).
    """

    spec: RolloutSpec
    outcome: str
    unit_id: np.ndarray
    y: np.ndarray
    cohort: np.ndarray
    cluster: np.ndarray
    weight: np.ndarray
    X: np.ndarray
    covariate_names: tuple[str, ...]

    @property
    def n_periods(self) -> int:
        return self.y.shape[1]

    @property
    def n_clusters(self) -> int:
        return int(self.cluster.max()) + 1

    @property
    def cohorts(self) -> np.ndarray:
        """Sorted exposed cohorts (period ranks)."""
        return np.unique(self.cohort[self.cohort > 0])

    @property
    def exposure(self) -> np.ndarray:
        """(n, T) 0/1 exposure."""
        periods = np.arange(1, self.n_periods + 1)
        return ((self.cohort[:, None] > 0) & (periods[None, :] >= self.cohort[:, None])).astype(
            np.float64
        )


def covariate_matrix(
    spec: RolloutSpec, unit_id: np.ndarray, covariates: pd.DataFrame
) -> tuple[np.ndarray, tuple[str, ...]]:
    """(n, k) covariates of ``unit_id`` from `int_rollout_covariates_unpivoted` rows; each
    categorical's alphabetically first level is the dropped reference. Fails on nulls."""
    if covariates.empty:
        return np.zeros((len(unit_id), 0)), ()
    wide = covariates.pivot(index="unit_id", columns="covariate_name", values="covariate_value")
    wide = wide.reindex(index=unit_id)
    names = covariates.drop_duplicates("covariate_name").set_index("covariate_name")
    for name, source in names["source_column"].items():
        n_null = int(wide[name].isna().sum())
        if n_null:
            raise RolloutInputError(
                f"{spec.label}: covariate column '{source}' has {n_null} units with a null value"
            )
    one_hot = names[names["is_one_hot"].astype(bool)].reset_index().sort_values("covariate_name")
    reference = set(one_hot.groupby("source_column")["covariate_name"].first())
    kept = tuple(name for name in sorted(wide.columns) if name not in reference)
    return wide[list(kept)].to_numpy(dtype=np.float64), kept


def load_panel(
    spec: RolloutSpec,
    outcome: str,
    units: pd.DataFrame,
    outcomes: pd.DataFrame,
    covariates: pd.DataFrame,
) -> RolloutPanel:
    """Assemble one rollout x outcome from the SQL feature tables (rows of this rollout).

    Kept units: observed in every period with the outcome never null, and not exposed from the
    first period (they have no pre-period). The others are dropped and counted in the log.
    Fails, naming the rollout, when no exposed or no control unit is left.
    """
    units = units.sort_values("unit_id", kind="stable")
    rows = outcomes[outcomes["outcome_name"] == outcome]
    n_periods = int(rows["period_index"].max())
    unit_codes = pd.Categorical(rows["unit_id"], categories=units["unit_id"]).codes
    y = np.full((len(units), n_periods), np.nan)
    y[unit_codes, rows["period_index"].to_numpy() - 1] = rows["outcome_value"].to_numpy(
        dtype=np.float64
    )
    cohort = units["cohort_period_index"].fillna(0).to_numpy(dtype=np.int64)
    kept = ~np.isnan(y).any(axis=1) & (cohort != 1)
    n_dropped = int((~kept).sum())
    if n_dropped:
        logger.warning(
            "%s: outcome '%s': %d units dropped (unbalanced, null outcome or exposed from the "
            "first period)",
            spec.label,
            outcome,
            n_dropped,
        )
    cohort = cohort[kept]
    if not (cohort > 0).any():
        raise RolloutInputError(
            f"{spec.label}: outcome column '{outcome}' leaves no exposed unit with a pre-period "
            "in the balanced panel"
        )
    if spec.control_group == "never_treated" and not (cohort == 0).any():
        raise RolloutInputError(
            f"{spec.label}: outcome column '{outcome}' leaves no never-exposed unit in the "
            "balanced panel"
        )
    unit_id = units["unit_id"].to_numpy()[kept]
    features, names = covariate_matrix(spec, unit_id, covariates)
    return RolloutPanel(
        spec=spec,
        outcome=outcome,
        unit_id=unit_id,
        y=y[kept],
        cohort=cohort,
        cluster=pd.factorize(units["cluster_id"].to_numpy()[kept], sort=True)[0],
        weight=units["unit_weight"].to_numpy(dtype=np.float64)[kept],
        X=features,
        covariate_names=names,
    )
