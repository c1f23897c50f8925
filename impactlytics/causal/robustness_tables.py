"""The refutation and sensitivity tables that the thin dbt Python models return: one row per
study x outcome x refuter, and one per study x outcome."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from impactlytics.causal.estimators import ESTIMATORS
from impactlytics.causal.refutation import RefutationInputs, refute
from impactlytics.causal.sensitivity import regression_sensitivity
from impactlytics.causal.study_data import StudyData, rows_for
from impactlytics.causal.tables import analysis_samples, load_studies, propensity_for
from impactlytics.frames import typed_frame
from impactlytics.threads import with_fit_threads

logger = logging.getLogger(__name__)

REFUTATION_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimand": "str",
    "estimator": "str",
    "refuter": "str",
    "n_units": "int64",
    "n_repeats": "int64",
    "original_estimate": "float64",
    "original_std_error": "float64",
    "new_estimate": "float64",
    "new_std_error": "float64",
    "expected_estimate": "float64",
    "acceptance_lower": "float64",
    "acceptance_upper": "float64",
    "p_value": "float64",
    "passed": "bool",
    "method": "str",
}
SENSITIVITY_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimate": "float64",
    "std_error": "float64",
    "t_value": "float64",
    "dof": "int64",
    "partial_r2_treatment": "float64",
    "robustness_value": "float64",
    "robustness_value_alpha": "float64",
    "risk_ratio_scale": "str",
    "risk_ratio": "float64",
    "e_value": "float64",
    "e_value_ci": "float64",
    "method": "str",
    "n_units": "int64",
}


def study_refutations(
    data: StudyData, propensity: pd.DataFrame, outcomes: pd.DataFrame, random_state: int
) -> list[dict]:
    """Every refuter on every outcome of one study, on a random sample of at most
    ``refutation_max_units`` of its analysis units (the original estimate is re-run there)."""
    spec = data.spec
    scores = propensity_for(data, propensity)
    estimator = spec.refutation_estimator
    cross_fitted = ESTIMATORS[estimator].needs_cross_fitted_propensity
    e = scores["propensity" if cross_fitted else "propensity_full_fit"].to_numpy(np.float64)
    propensity_model = scores["propensity_model"].iloc[0]
    rng = np.random.default_rng(random_state)
    rows = []
    for outcome, sample, values in analysis_samples(data, scores, outcomes):
        units = np.flatnonzero(sample)
        if units.size > spec.refutation_max_units:
            units = np.sort(rng.choice(units, size=spec.refutation_max_units, replace=False))
        logger.info("%s: refuting %s on %s (%d units)", spec.label, estimator, outcome, units.size)
        inputs = RefutationInputs(
            data.X[units], data.treatment[units], values[units], e[units], propensity_model
        )
        for result in refute(
            inputs, estimator, spec.estimand, spec.refutation_repeats, random_state=random_state
        ):
            rows.append(
                {
                    "study_name": spec.name,
                    "outcome_name": outcome,
                    "estimand": spec.estimand,
                    "estimator": estimator,
                    "n_units": units.size,
                    **result.to_dict(),
                }
            )
    return rows


@with_fit_threads
def refutations_table(
    studies: pd.DataFrame,
    units: pd.DataFrame,
    covariates: pd.DataFrame,
    outcomes: pd.DataFrame,
    propensity: pd.DataFrame,
    random_state: int,
) -> pd.DataFrame:
    """`study_refutations`: one row per study x outcome x refuter."""
    rows = []
    for data in load_studies(studies, units, covariates):
        name = data.spec.name
        rows += study_refutations(
            data, rows_for(propensity, name), rows_for(outcomes, name), random_state
        )
    return typed_frame(rows, REFUTATION_SCHEMA)


@with_fit_threads
def sensitivity_table(
    studies: pd.DataFrame,
    units: pd.DataFrame,
    covariates: pd.DataFrame,
    outcomes: pd.DataFrame,
    propensity: pd.DataFrame,
) -> pd.DataFrame:
    """`study_sensitivity`: one row per study x outcome, on the analysis sample."""
    rows = []
    for data in load_studies(studies, units, covariates):
        name = data.spec.name
        scores = propensity_for(data, rows_for(propensity, name))
        for outcome, sample, values in analysis_samples(data, scores, rows_for(outcomes, name)):
            result = regression_sensitivity(data.X[sample], data.treatment[sample], values[sample])
            rows.append(
                {
                    "study_name": name,
                    "outcome_name": outcome,
                    **result.to_dict(),
                    "n_units": int(sample.sum()),
                }
            )
    return typed_frame(rows, SENSITIVITY_SCHEMA)
