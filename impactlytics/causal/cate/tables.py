"""The CATE tables that the thin dbt Python models return.

`study_cate_unit_effects` fits everything (one row per study x outcome x learner x unit kept
after trimming); the segment, heterogeneity and policy tables are computed from its rows alone
(the selected learner's out-of-fold CATE and the units' AIPW scores), without refitting.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict

import numpy as np
import pandas as pd

from impactlytics.causal.cate.heterogeneity import blp_test
from impactlytics.causal.cate.policy import auuc, policy_values
from impactlytics.causal.cate.scores import estimand_scores
from impactlytics.causal.cate.segments import quantile_groups, segment_effect, tree_segments
from impactlytics.causal.cate.study import CATE_LEARNERS, CateFit, fit_cate
from impactlytics.causal.study_data import StudyData, rows_for
from impactlytics.causal.tables import load_studies, outcome_values, propensity_for
from impactlytics.causal.validation import StudyInputError
from impactlytics.frames import typed_frame
from impactlytics.threads import with_fit_threads

logger = logging.getLogger(__name__)

N_FOLDS = 5

UNIT_EFFECT_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimand": "str",
    "unit_id": "str",
    "in_target_population": "bool",  # the estimand's population: all units (ATE), treated (ATT)
    "learner": "str",
    "cate": "float64",  # the learner fitted on all analysis units, evaluated on this unit
    "ci_lower": "float64",  # NaN where the learner has no interval
    "ci_upper": "float64",
    # Analysis units only (outcome observed), NaN / NA otherwise:
    "oof_cate": "float64",  # predicted by models not trained on the unit
    "aipw_score": "float64",  # the unit's AIPW score of the estimand (causal.cate.scores)
    "score_weight": "float64",  # its weight: an effect over units is sum(score) / sum(weight)
    "gates_group": "Int64",  # quantile group of the selected learner's oof_cate
    "tree_segment": "string",  # the selected learner's tree leaf, as a rule
    # Constant per study x outcome x learner:
    "r_loss": "float64",
    "dr_loss": "float64",
    "ensemble_weight": "float64",  # NaN for the ensemble itself
    "is_selected": "bool",
}
SEGMENT_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimand": "str",
    "learner": "str",
    "segment_type": "str",
    "segment": "str",
    "rule": "str",
    "n_units": "int64",
    "mean_predicted_cate": "float64",
    "effect": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
}
HETEROGENEITY_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimand": "str",
    "learner": "str",
    "test": "str",
    "estimate": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "p_value": "float64",
    "ate_estimate": "float64",
    "n_units": "int64",
    "method": "str",
}

POLICY_SCHEMA = {
    "study_name": "str",
    "outcome_name": "str",
    "estimand": "str",
    "learner": "str",
    "fraction_targeted": "float64",
    "n_targeted": "int64",
    "gain_vs_none": "float64",
    "gain_vs_none_std_error": "float64",
    "gain_vs_none_ci_lower": "float64",
    "gain_vs_none_ci_upper": "float64",
    "gain_vs_all": "float64",
    "gain_vs_all_std_error": "float64",
    "gain_vs_all_ci_lower": "float64",
    "gain_vs_all_ci_upper": "float64",
    "random_gain": "float64",
    "auuc": "float64",  # constant per study x outcome
}


def _learner_rows(
    fit: CateFit, name: str, x_kept: np.ndarray, in_sample: np.ndarray
) -> dict[str, np.ndarray | float | bool]:
    """Columns of one learner over the kept units; ``in_sample`` marks the analysis units."""
    learner = fit.learners[name]
    lower = upper = np.full(len(x_kept), np.nan)
    if learner.has_interval:
        lower, upper = learner.effect_interval(x_kept)
    oof = np.full(len(x_kept), np.nan)
    oof[in_sample] = learner.oof_effect_
    return {
        "learner": name,
        "cate": learner.effect(x_kept),
        "ci_lower": lower,
        "ci_upper": upper,
        "oof_cate": oof,
        "r_loss": fit.r_loss[name],
        "dr_loss": fit.dr_loss[name],
        "ensemble_weight": fit.ensemble_weights.get(name, np.nan),
        "is_selected": name == fit.selected,
    }


def study_cate_unit_effects(
    data: StudyData, propensity: pd.DataFrame, outcomes: pd.DataFrame, random_state: int
) -> list[pd.DataFrame]:
    """Every requested learner on every outcome of one study, on the units kept after trimming
    (fitted on those with the outcome observed)."""
    spec = data.spec
    scores = propensity_for(data, propensity)
    kept = ~scores["is_trimmed"].to_numpy(dtype=bool)
    e = scores["propensity"].to_numpy(dtype=np.float64)
    learners = spec.cate_learners or tuple(CATE_LEARNERS)
    in_population = data.treatment == 1 if spec.estimand == "ATT" else np.ones(data.n_units, bool)
    frames = []
    for outcome in spec.outcomes:
        values = outcome_values(outcomes, outcome, data)
        sample = kept & ~np.isnan(values)
        arms = data.treatment[sample]
        if min(arms.sum(), (1 - arms).sum()) < 2 * N_FOLDS:
            raise StudyInputError(
                f"{spec.label}: outcome column '{outcome}' leaves fewer than {2 * N_FOLDS} units "
                f"in an arm for the {N_FOLDS} cross-fitting folds of the CATE learners"
            )
        label = f"{spec.label}, outcome '{outcome}'"
        logger.info("%s: fitting CATE learners %s on %d units", label, learners, sample.sum())
        fit = fit_cate(
            data.X[sample],
            data.treatment[sample],
            values[sample],
            e[sample],
            learners=learners,
            n_folds=N_FOLDS,
            random_state=random_state,
            label=label,
            estimand=spec.estimand,
        )
        estimand = estimand_scores(fit.data, spec.estimand)
        in_sample = sample[kept]
        selected_oof = fit.learners[fit.selected].oof_effect_
        groups = pd.array(np.full(kept.sum(), pd.NA), dtype="Int64")
        groups[in_sample] = quantile_groups(selected_oof, spec.cate_groups, estimand.target)
        segments = pd.array(np.full(kept.sum(), pd.NA), dtype="string")
        segments[in_sample] = tree_segments(
            data.X[sample],
            selected_oof,
            data.feature_names,
            random_state=random_state,
            weights=estimand.weight,
        )
        score, weight = np.full(kept.sum(), np.nan), np.full(kept.sum(), np.nan)
        score[in_sample], weight[in_sample] = estimand
        for name in fit.learners:
            selected = name == fit.selected
            columns = {
                "study_name": spec.name,
                "outcome_name": outcome,
                "estimand": spec.estimand,
                "unit_id": data.unit_id[kept].astype(str),
                "in_target_population": in_population[kept],
                **_learner_rows(fit, name, data.X[kept], in_sample),
                "aipw_score": score,
                "score_weight": weight,
                "gates_group": groups if selected else pd.array([pd.NA] * kept.sum(), "Int64"),
                "tree_segment": segments if selected else pd.array([pd.NA] * kept.sum(), "string"),
            }
            frames.append(typed_frame(columns, UNIT_EFFECT_SCHEMA))
    return frames


@with_fit_threads
def cate_unit_effects_table(
    studies: pd.DataFrame,
    units: pd.DataFrame,
    covariates: pd.DataFrame,
    outcomes: pd.DataFrame,
    propensity: pd.DataFrame,
    random_state: int,
) -> pd.DataFrame:
    """`study_cate_unit_effects`: one row per study x outcome x learner x kept unit."""
    frames = []
    for data in load_studies(studies, units, covariates):
        name = data.spec.name
        frames += study_cate_unit_effects(
            data, rows_for(propensity, name), rows_for(outcomes, name), random_state
        )
    if not frames:
        return typed_frame([], UNIT_EFFECT_SCHEMA)
    return pd.concat(frames, ignore_index=True)


KEYS = ["study_name", "outcome_name", "estimand", "learner"]


def _analysis_groups(unit_effects: pd.DataFrame) -> Iterator[tuple[dict, pd.DataFrame]]:
    """(head columns, rows) per study x outcome: the selected learner's rows of the units its
    segments and tests are computed on."""
    rows = unit_effects[unit_effects["is_selected"].astype(bool)]
    rows = rows[rows["oof_cate"].notna()]
    for key, group in rows.groupby(KEYS):
        yield dict(zip(KEYS, key, strict=True)), group


def _column(rows: pd.DataFrame, name: str) -> np.ndarray:
    return rows[name].to_numpy(dtype=float)


def _segment_rows(rows: pd.DataFrame, segment_type: str, key: str) -> list[dict]:
    """Effect of every segment of one study x outcome; ``key`` names the segment column."""
    n_groups = rows["gates_group"].max()
    population = rows[rows["score_weight"] > 0]
    out = []
    predicted = population.groupby(key)["oof_cate"].mean().sort_values()
    for index, value in enumerate(predicted.index, 1):
        members = rows[rows[key] == value]
        if segment_type == "gates":
            segment = f"q{value}"
            rule = f"out-of-fold cate in group {value} of {n_groups} (1 = lowest)"
        else:
            segment, rule = f"leaf {index}", str(value)
        effect = segment_effect(_column(members, "aipw_score"), _column(members, "score_weight"))
        out.append(
            {
                "segment_type": segment_type,
                "segment": segment,
                "rule": rule,
                "n_units": effect.n_units,
                "mean_predicted_cate": float(
                    population.loc[population[key] == value, "oof_cate"].mean()
                ),
                "effect": effect.estimate,
                "std_error": effect.std_error,
                "ci_lower": effect.ci_lower,
                "ci_upper": effect.ci_upper,
            }
        )
    return out


def cate_segments_table(unit_effects: pd.DataFrame) -> pd.DataFrame:
    """`study_cate_segments`: GATES groups and tree leaves of the selected learner, one row per
    study x outcome x segment, each with the effect of its units on the estimand's population."""
    rows = []
    for head, group in _analysis_groups(unit_effects):
        for segment_type, key in (("gates", "gates_group"), ("tree", "tree_segment")):
            rows += [{**head, **row} for row in _segment_rows(group, segment_type, key)]
    return typed_frame(rows, SEGMENT_SCHEMA)


def heterogeneity_tests_table(unit_effects: pd.DataFrame) -> pd.DataFrame:
    """`study_cate_heterogeneity_tests`: the BLP test on the selected learner's out-of-fold CATE,
    one row per study x outcome."""
    rows = []
    for head, group in _analysis_groups(unit_effects):
        test = blp_test(
            _column(group, "aipw_score"), _column(group, "oof_cate"), _column(group, "score_weight")
        )
        rows.append({**head, **test.to_dict()})
    return typed_frame(rows, HETEROGENEITY_SCHEMA)


def policy_values_table(unit_effects: pd.DataFrame) -> pd.DataFrame:
    """`study_cate_policy_values`: the Qini curve and policy values of targeting the top 10%,
    20%, ..., 100% of the estimand's population by the selected learner's out-of-fold CATE, one
    row per study x outcome x fraction."""
    rows = []
    for head, group in _analysis_groups(unit_effects):
        values = policy_values(
            _column(group, "oof_cate"), _column(group, "aipw_score"), _column(group, "score_weight")
        )
        head = {**head, "auuc": auuc(values)}
        rows += [{**head, **asdict(value)} for value in values]
    return typed_frame(rows, POLICY_SCHEMA)
