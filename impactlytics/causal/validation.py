"""Input checks run before any model is fitted; each error names the study, table and column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from impactlytics.causal.spec import StudySpec

TREATED_VALUES = frozenset({"1", "1.0", "true", "t"})
CONTROL_VALUES = frozenset({"0", "0.0", "false", "f"})


class StudyInputError(ValueError):
    """A declared study whose input data cannot be analysed as declared."""


def check_unit_ids(spec: StudySpec, unit_ids: pd.Series) -> None:
    """Unit ids must be present and unique within the study."""
    n_null = int(unit_ids.isna().sum())
    if n_null:
        raise StudyInputError(f"{spec.label}: unit column '{spec.unit}' has {n_null} null values")
    repeated = unit_ids[unit_ids.duplicated()]
    if len(repeated):
        examples = ", ".join(map(str, repeated.unique()[:5]))
        raise StudyInputError(
            f"{spec.label}: unit column '{spec.unit}' is not unique: "
            f"{len(repeated)} repeated ids (e.g. {examples})"
        )


def parse_treatment(spec: StudySpec, values: pd.Series) -> np.ndarray:
    """Map the raw treatment values (0/1 or boolean, as text) to an int array of 0/1."""
    n_null = int(values.isna().sum())
    if n_null:
        raise StudyInputError(
            f"{spec.label}: treatment column '{spec.treatment}' has {n_null} null values"
        )
    normalized = values.astype(str).str.strip().str.lower()
    unknown = sorted(set(normalized.unique()) - TREATED_VALUES - CONTROL_VALUES)
    if unknown:
        raise StudyInputError(
            f"{spec.label}: treatment column '{spec.treatment}' is not binary (0/1 or boolean); "
            f"found values {unknown[:5]}"
        )
    treatment = normalized.isin(TREATED_VALUES).to_numpy(dtype=np.int64)
    n_treated = int(treatment.sum())
    if n_treated in (0, len(treatment)):
        arm = "treated" if n_treated else "control"
        raise StudyInputError(
            f"{spec.label}: treatment column '{spec.treatment}' has a single arm: "
            f"all {len(treatment)} units are {arm}"
        )
    return treatment


def check_covariates(spec: StudySpec, features: pd.DataFrame, source_columns: pd.Series) -> None:
    """Covariates must be observed for every unit (nulls are not silently imputed) and vary
    across units (a constant column is a mistake: a dropped filter, a fixed level)."""
    null_counts = features.isna().sum()
    for feature, n_null in null_counts[null_counts > 0].items():
        column = source_columns.get(feature, feature)
        raise StudyInputError(
            f"{spec.label}: covariate column '{column}' has {int(n_null)} null values; "
            "filter them with `where` or fill them upstream"
        )
    for feature in features.columns[features.nunique() <= 1]:
        column = source_columns.get(feature, feature)
        if feature == column:
            what = f"covariate column '{column}' is constant ({features[feature].iloc[0]:g})"
        else:
            what = f"categorical column '{column}' has a single level"
        raise StudyInputError(
            f"{spec.label}: {what} over the study's units, so it carries nothing to adjust "
            "for; drop it from the study or check its `where` filter"
        )
