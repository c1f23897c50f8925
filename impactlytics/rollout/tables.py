"""Build the rollout output tables that the thin dbt Python models return.

Every declared rollout x outcome is assembled and validated before the first estimate, so a bad
rollout fails the build without anything being fitted.
"""

from __future__ import annotations

import logging

import pandas as pd

from impactlytics.frames import typed_frame
from impactlytics.rollout.estimators import (
    all_effects,
    cells,
    cohort_effects,
    event_study,
    overall_effect,
)
from impactlytics.rollout.inference import cluster_std_error, t_inference
from impactlytics.rollout.mixed import fit_variance_components
from impactlytics.rollout.panel import RolloutPanel, load_panel
from impactlytics.rollout.pretrends import pretrend_wald_test, relative_magnitude_bounds
from impactlytics.rollout.propensity import fit_exposure_propensity
from impactlytics.rollout.spec import RolloutSpec
from impactlytics.threads import with_fit_threads

logger = logging.getLogger(__name__)

KEYS = {"rollout_name": "str", "outcome_name": "str"}
EFFECT_SCHEMA = {
    **KEYS,
    "estimator": "str",
    "estimate": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "p_value": "float64",
    "n_units_treated": "int64",
    "n_units_control": "int64",
    "n_clusters": "int64",
    "method": "str",
}
AGGREGATE_SCHEMA = {
    **KEYS,
    "estimator": "str",
    "aggregation": "str",
    "level": "int64",
    "estimate": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "n_cohorts": "int64",
    "n_clusters": "int64",
}
PRETREND_SCHEMA = {
    **KEYS,
    "test": "str",
    "statistic": "float64",
    "df": "int64",
    "p_value": "float64",
    "passed": "bool",
    "n_clusters": "int64",
}
SENSITIVITY_SCHEMA = {
    **KEYS,
    "estimator": "str",
    "m_bar": "float64",
    "estimate": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "max_pre_change_upper": "float64",
    "breakdown_m_bar": "float64",
}
VARIANCE_SCHEMA = {
    **KEYS,
    "model_name": "str",
    "component": "str",
    "estimate": "float64",
    "n_units": "int64",
    "n_observations": "int64",
}
PROPENSITY_SCHEMA = {
    **KEYS,
    "unit_id": "str",
    "is_ever_exposed": "bool",
    "propensity": "float64",
}
PROPENSITY_TERM_SCHEMA = {
    **KEYS,
    "term": "str",
    "coefficient": "float64",
    "std_error": "float64",
    "p_value": "float64",
}
EVENT_STUDY_ESTIMATOR = "callaway_santanna"
PRETREND_ALPHA = 0.05
M_BARS: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0)


def load_panels(
    rollouts: pd.DataFrame, units: pd.DataFrame, outcomes: pd.DataFrame, covariates: pd.DataFrame
) -> list[RolloutPanel]:
    """Validate and assemble every rollout x outcome of `int_rollouts_declared`, in name order."""
    specs = [
        RolloutSpec.from_json(text) for text in rollouts.sort_values("rollout_name")["spec_json"]
    ]
    return [
        load_panel(
            spec,
            outcome,
            units[units["rollout_name"] == spec.name],
            outcomes[outcomes["rollout_name"] == spec.name],
            covariates[covariates["rollout_name"] == spec.name],
        )
        for spec in specs
        for outcome in spec.outcomes
    ]


def _keys(panel: RolloutPanel) -> dict:
    return {"rollout_name": panel.spec.name, "outcome_name": panel.outcome}


@with_fit_threads
def effects_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_effects`: one row per rollout x outcome x estimator."""
    rows = []
    for panel in panels:
        logger.info("%s: estimating effects on %s", panel.spec.label, panel.outcome)
        rows += [{**_keys(panel), **effect.to_dict()} for effect in all_effects(panel)]
    return typed_frame(rows, EFFECT_SCHEMA)


def _aggregate_row(panel, aggregation, level, estimate, influence, n_cohorts) -> dict:
    std_error = cluster_std_error(influence, panel.cluster)
    ci_lower, ci_upper, _ = t_inference(estimate, std_error, panel.n_clusters)
    return {
        **_keys(panel),
        "estimator": EVENT_STUDY_ESTIMATOR,
        "aggregation": aggregation,
        "level": int(level),
        "estimate": estimate,
        "std_error": std_error,
        "ci_lower": ci_lower,
        "ci_upper": ci_upper,
        "n_cohorts": int(n_cohorts),
        "n_clusters": panel.n_clusters,
    }


@with_fit_threads
def aggregates_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_effect_aggregates`: Callaway-Sant'Anna effects by event time and by cohort."""
    rows = []
    for panel in panels:
        logger.info("%s: event study of %s", panel.spec.label, panel.outcome)
        effects = cells(panel, EVENT_STUDY_ESTIMATOR, post_only=False)
        study = event_study(panel, effects)
        for k, e in enumerate(study.event_times):
            rows.append(
                _aggregate_row(
                    panel,
                    "event_time",
                    e,
                    study.estimates[k],
                    study.influence[:, k],
                    study.n_cohorts[k],
                )
            )
        for g, estimate, influence in cohort_effects(panel, effects):
            rows.append(_aggregate_row(panel, "cohort", g, estimate, influence, 1))
    return typed_frame(rows, AGGREGATE_SCHEMA)


@with_fit_threads
def pretrend_tests_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_pretrend_tests`: the joint Wald test of the event-study leads per outcome."""
    rows = []
    for panel in panels:
        study = event_study(panel, cells(panel, EVENT_STUDY_ESTIMATOR, post_only=False))
        test = pretrend_wald_test(study, panel.cluster)
        rows.append(
            {
                **_keys(panel),
                "test": "event_study_leads_wald",
                "statistic": test.statistic,
                "df": test.df,
                "p_value": test.p_value,
                "passed": bool(test.p_value >= PRETREND_ALPHA) if test.df else True,
                "n_clusters": test.n_clusters,
            }
        )
    return typed_frame(rows, PRETREND_SCHEMA)


@with_fit_threads
def sensitivity_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_parallel_trends_sensitivity`: relative-magnitude robust sets for each M-bar."""
    rows = []
    for panel in panels:
        study = event_study(panel, cells(panel, EVENT_STUDY_ESTIMATOR, post_only=False))
        if not (study.event_times < -1).any():
            logger.warning("%s: no pre-period leads, no sensitivity analysis", panel.spec.label)
            continue
        for bound in relative_magnitude_bounds(study, panel.cluster, M_BARS):
            rows.append({**_keys(panel), "estimator": EVENT_STUDY_ESTIMATOR, **bound.__dict__})
    return typed_frame(rows, SENSITIVITY_SCHEMA)


def _component(panel, model, component, estimate, n_units, n_observations) -> dict:
    return {
        **_keys(panel),
        "model_name": model,
        "component": component,
        "estimate": estimate,
        "n_units": n_units,
        "n_observations": n_observations,
    }


@with_fit_threads
def variance_components_table(
    panels: list[RolloutPanel], max_units: int, random_state: int
) -> pd.DataFrame:
    """`rollout_variance_components`: MixedLM pre-period variance components and ICC, and the
    variance reduction of CUPED over the difference in means (1 - Var_cuped / Var_dim)."""
    rows = []
    for panel in panels:
        fit = fit_variance_components(panel, max_units, random_state)
        rows += [
            _component(panel, "mixedlm_pre_period", name, value, fit.n_units, fit.n_observations)
            for name, value in (
                ("between_unit_variance", fit.between_unit_variance),
                ("within_unit_variance", fit.within_unit_variance),
                ("icc", fit.icc),
            )
        ]
        cuped = overall_effect(panel, "cuped")
        unadjusted = overall_effect(panel, "difference_in_means")
        n_units = cuped.n_units_treated + cuped.n_units_control
        reduction = 1.0 - (cuped.std_error / unadjusted.std_error) ** 2
        rows.append(
            _component(
                panel, "cuped", "variance_reduction", reduction, n_units, n_units * panel.n_periods
            )
        )
    return typed_frame(rows, VARIANCE_SCHEMA)


@with_fit_threads
def propensity_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_exposure_propensity`: each unit's fitted propensity of ever being exposed."""
    frames = []
    for panel in panels:
        fit = fit_exposure_propensity(panel)
        if fit is not None:
            frames.append(
                typed_frame(
                    {
                        **_keys(panel),
                        "unit_id": panel.unit_id.astype(str),
                        "is_ever_exposed": panel.cohort > 0,
                        "propensity": fit.propensity,
                    },
                    PROPENSITY_SCHEMA,
                )
            )
    if not frames:
        return typed_frame([], PROPENSITY_SCHEMA)
    return pd.concat(frames, ignore_index=True)


@with_fit_threads
def propensity_terms_table(panels: list[RolloutPanel]) -> pd.DataFrame:
    """`rollout_exposure_propensity_terms`: the exposure logit's coefficients."""
    rows = []
    for panel in panels:
        fit = fit_exposure_propensity(panel)
        if fit is None:
            continue
        for k, term in enumerate(fit.terms):
            rows.append(
                {
                    **_keys(panel),
                    "term": term,
                    "coefficient": fit.coefficients[k],
                    "std_error": fit.std_errors[k],
                    "p_value": fit.p_values[k],
                }
            )
    return typed_frame(rows, PROPENSITY_TERM_SCHEMA)
