"""Turn the long study tables built in SQL into validated arrays for one study."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from impactlytics.causal.spec import StudySpec
from impactlytics.causal.validation import (
    StudyInputError,
    check_covariates,
    check_unit_ids,
    parse_treatment,
)


@dataclass(frozen=True)
class StudyData:
    """One study's units, sorted by unit id: treatment (n,) 0/1 and covariates X (n, d)."""

    spec: StudySpec
    unit_id: np.ndarray
    treatment: np.ndarray
    X: np.ndarray
    feature_names: tuple[str, ...]

    @property
    def n_units(self) -> int:
        return len(self.unit_id)


def load_study_data(spec: StudySpec, units: pd.DataFrame, covariates: pd.DataFrame) -> StudyData:
    """Validate and assemble one study from `int_study_units_unioned` and
    `int_study_covariates_unpivoted` rows (already filtered to the study).

    Categorical indicators keep all levels but the first (alphabetical) one, which is the
    reference level, so that regression designs with an intercept stay full rank.
    """
    if units.empty:
        raise StudyInputError(f"{spec.label}: no rows left after the `where` filter")
    check_unit_ids(spec, units["unit_id"])
    units = units.sort_values("unit_id", kind="stable")
    treatment = parse_treatment(spec, units["treatment_value"])

    wide = covariates.pivot(index="unit_id", columns="covariate_name", values="covariate_value")
    wide = wide.reindex(index=units["unit_id"])
    source_columns = covariates.drop_duplicates("covariate_name").set_index("covariate_name")
    check_covariates(spec, wide, source_columns["source_column"])

    reference_levels = (
        source_columns[source_columns["is_one_hot"].astype(bool)]
        .reset_index()
        .sort_values("covariate_name")
        .groupby("source_column")["covariate_name"]
        .first()
    )
    features = [name for name in sorted(wide.columns) if name not in set(reference_levels)]
    return StudyData(
        spec=spec,
        unit_id=units["unit_id"].to_numpy(dtype=object),
        treatment=treatment,
        X=wide[features].to_numpy(dtype=np.float64),
        feature_names=tuple(features),
    )


def rows_for(frame: pd.DataFrame, study_name: str) -> pd.DataFrame:
    """The rows of a long table that belong to one study."""
    return frame[frame["study_name"] == study_name]
