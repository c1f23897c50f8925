"""Build the causal output tables that the thin dbt Python models return.

Every declared study is validated before the first model is fitted, so a bad study fails the
build without anything being estimated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pandas as pd

from impactlytics.causal.estimators import estimate_all
from impactlytics.causal.overlap import check_overlap, diagnose_overlap, target_population
from impactlytics.causal.propensity import PropensityModel
from impactlytics.causal.spec import StudySpec
from impactlytics.causal.study_data import StudyData, load_study_data, rows_for
from impactlytics.causal.validation import StudyInputError
from impactlytics.causal.weights import ipw_weights
from impactlytics.frames import typed_frame
from impactlytics.threads import with_fit_threads

logger = logging.getLogger(__name__)

# Column dtypes of the returned tables, fixed so that DuckDB types them the same way every run,
# including when no study is declared and the tables are empty.
PROPENSITY_SCHEMA = {
    "study_name": "str",
    "unit_id": "str",
    "treatment": "int64",
    "propensity": "float64",
    "propensity_full_fit": "float64",
    "ipw_weight": "float64",
    "is_trimmed": "bool",
    "propensity_model": "str",
    "propensity_log_loss": "float64",
    # The trimming rule that ran, constant per study (and per arm for the kept interval).
    "trim_rule": "str",
    "trim_threshold": "float64",
    "kept_lower": "float64",
    "kept_upper": "float64",
    "target_population": "str",
}
EFFECT_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimator": "str",
    "estimand": "str",
    "estimate": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "p_value": "float64",
    "n_treated": "int64",
    "n_control": "int64",
    "method": "str",
    "n_dropped_null_outcome": "int64",
    "n_trimmed": "int64",
    "fitted_at": "datetime64[us]",  # UTC, naive like the `_at` columns of the marts
}


def load_studies(
    studies: pd.DataFrame, units: pd.DataFrame, covariates: pd.DataFrame
) -> list[StudyData]:
    """Validate and assemble every study of `int_studies_declared`, in name order."""
    specs = [StudySpec.from_json(text) for text in studies.sort_values("study_name")["spec_json"]]
    return [
        load_study_data(spec, rows_for(units, spec.name), rows_for(covariates, spec.name))
        for spec in specs
    ]


def study_propensity_scores(data: StudyData, random_state: int) -> pd.DataFrame:
    """Cross-fitted propensity scores, overlap check, trimming flag and IPW weights of one study.

    Overlap and trimming use the cross-fitted score. Weights use the in-sample (full-fit) score,
    as the ipw estimator does, target the study's estimand and are normalized within each arm
    over the units kept after trimming; trimmed units get weight 0.
    """
    spec = data.spec
    logger.info("%s: fitting propensity models on %d units", spec.label, data.n_units)
    model = PropensityModel(random_state=random_state).fit(data.X, data.treatment)
    overlap = diagnose_overlap(model.propensity_, data.treatment, spec.estimand, spec.trim)
    check_overlap(overlap, context=f"{spec.label}: treatment '{spec.treatment}'")
    treated = data.treatment == 1
    kept = ~overlap.is_trimmed
    weights = np.zeros(data.n_units)
    weights[kept] = ipw_weights(
        model.propensity_full_fit_[kept], data.treatment[kept], spec.estimand
    )
    logger.info(
        "%s: selected %s propensity model; %s rule trimmed %d units; estimate refers to the %s",
        spec.label,
        model.selected_model_,
        overlap.rule,
        overlap.n_trimmed,
        target_population(overlap),
    )
    return typed_frame(
        {
            "study_name": spec.name,
            "unit_id": data.unit_id.astype(str),
            "treatment": data.treatment,
            "propensity": model.propensity_,
            "propensity_full_fit": model.propensity_full_fit_,
            "ipw_weight": weights,
            "is_trimmed": overlap.is_trimmed,
            "propensity_model": model.selected_model_,
            "propensity_log_loss": model.log_loss_[model.selected_model_],
            "trim_rule": overlap.rule,
            "trim_threshold": overlap.trim_threshold,
            "kept_lower": np.where(treated, overlap.kept_lower[1], overlap.kept_lower[0]),
            "kept_upper": np.where(treated, overlap.kept_upper[1], overlap.kept_upper[0]),
            "target_population": target_population(overlap),
        },
        PROPENSITY_SCHEMA,
    )


@with_fit_threads
def propensity_scores_table(
    studies: pd.DataFrame, units: pd.DataFrame, covariates: pd.DataFrame, random_state: int
) -> pd.DataFrame:
    """`study_propensity_scores`: one row per study x unit."""
    frames = [
        study_propensity_scores(data, random_state)
        for data in load_studies(studies, units, covariates)
    ]
    if not frames:
        return typed_frame([], PROPENSITY_SCHEMA)
    return pd.concat(frames, ignore_index=True)


def propensity_for(data: StudyData, propensity: pd.DataFrame) -> pd.DataFrame:
    """The study's `study_propensity_scores` rows indexed by unit id, in the study's unit order."""
    scores = propensity.set_index("unit_id").reindex(data.unit_id.astype(str))
    if scores["propensity"].isna().any():
        raise StudyInputError(
            f"{data.spec.label}: propensity scores are missing for some units; rebuild "
            "study_propensity_scores together with the study tables"
        )
    return scores


def outcome_values(outcomes: pd.DataFrame, outcome: str, data: StudyData) -> np.ndarray:
    """One outcome of `int_study_outcomes_unpivoted` in the study's unit order, NaN when null."""
    return (
        outcomes[outcomes["outcome_name"] == outcome]
        .set_index("unit_id")["outcome_value"]
        .reindex(data.unit_id)
        .to_numpy(dtype=np.float64)
    )


def analysis_samples(
    data: StudyData, scores: pd.DataFrame, outcomes: pd.DataFrame
) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Per outcome of the study: (outcome, analysis-sample mask (n,), values (n,) NaN when null).

    The analysis sample is the units kept after trimming with the outcome observed; fails when
    it leaves fewer than 2 units in an arm. ``scores``: the study's :func:`propensity_for` rows.
    """
    kept = ~scores["is_trimmed"].to_numpy(dtype=bool)
    for outcome in data.spec.outcomes:
        values = outcome_values(outcomes, outcome, data)
        sample = kept & ~np.isnan(values)
        arms = data.treatment[sample]
        if arms.sum() < 2 or (1 - arms).sum() < 2:
            raise StudyInputError(
                f"{data.spec.label}: outcome column '{outcome}' leaves fewer than 2 units in an "
                "arm once null outcomes and trimmed units are dropped"
            )
        yield outcome, sample, values


def study_treatment_effects(
    data: StudyData,
    propensity: pd.DataFrame,
    outcomes: pd.DataFrame,
    random_state: int,
) -> list[dict]:
    """Every estimator's effect on every outcome of one study, on the units kept after trimming.

    Rows with a null outcome are dropped for that outcome only; the count is reported.
    """
    spec = data.spec
    scores = propensity_for(data, propensity)
    kept = ~scores["is_trimmed"].to_numpy(dtype=bool)
    e = scores["propensity"].to_numpy(dtype=np.float64)
    e_full_fit = scores["propensity_full_fit"].to_numpy(dtype=np.float64)
    rows = []
    for outcome, sample, values in analysis_samples(data, scores, outcomes):
        n_null = int(np.isnan(values).sum())
        logger.info(
            "%s: estimating effects on %s (%d units, %d null outcomes dropped)",
            spec.label,
            outcome,
            int(sample.sum()),
            n_null,
        )
        results = estimate_all(
            data.X[sample],
            data.treatment[sample],
            values[sample],
            e[sample],
            e_full_fit[sample],
            propensity_model=scores["propensity_model"].iloc[0],
            estimand=spec.estimand,
            random_state=random_state,
        )
        for result in results:
            rows.append(
                {
                    "study_name": spec.name,
                    "outcome_name": outcome,
                    **result.to_dict(),
                    "n_dropped_null_outcome": n_null,
                    "n_trimmed": int((~kept).sum()),
                }
            )
    return rows


@with_fit_threads
def treatment_effects_table(
    studies: pd.DataFrame,
    units: pd.DataFrame,
    covariates: pd.DataFrame,
    outcomes: pd.DataFrame,
    propensity: pd.DataFrame,
    random_state: int,
    fitted_at: datetime,
) -> pd.DataFrame:
    """`study_treatment_effects`: one row per study x outcome x estimator."""
    rows = []
    for data in load_studies(studies, units, covariates):
        name = data.spec.name
        rows += study_treatment_effects(
            data, rows_for(propensity, name), rows_for(outcomes, name), random_state
        )
    fitted_at_utc = pd.Timestamp(fitted_at).tz_convert("UTC").tz_localize(None)
    stamped = [{**row, "fitted_at": fitted_at_utc} for row in rows]
    return typed_frame(stamped, EFFECT_SCHEMA)
