"""End-to-end: declared studies through `dbt build` into the contracted causal marts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlytics.causal.estimators import ESTIMATORS as ESTIMATOR_REGISTRY
from impactlytics.report.summary import SECTIONS, render_summary, summary_tables
from impactlytics.testing.dbt_project import ScratchWarehouse

ESTIMATORS = set(ESTIMATOR_REGISTRY)


@pytest.fixture(scope="module")
def demo(demo_warehouse) -> ScratchWarehouse:
    """The demo project built at small scale (see impactlytics/conftest.py)."""
    return demo_warehouse


def study_csv(path, n=600, seed=0, **overrides) -> str:
    """A small confounded study as a CSV file; `overrides` replace whole columns."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-0.8 * x1))).astype(int)
    frame = pd.DataFrame(
        {
            "unit": [f"u{i}" for i in range(n)],
            "x1": x1,
            "x2": x2,
            "segment": rng.choice(["a", "b", "c"], size=n),
            "treated": treated,
            "y": x1 + 0.5 * treated + rng.normal(size=n),
        }
    )
    for column, values in overrides.items():
        frame[column] = values
    frame.to_csv(path, index=False)
    return str(path)


def csv_study(path: str, **overrides) -> dict:
    spec = {
        "name": "csv_study",
        "data": path,
        "unit": "unit",
        "treatment": "treated",
        "outcomes": ["y"],
        "covariates": ["x1", "x2"],
        "categorical": ["segment"],
    }
    return {"studies": [{**spec, **overrides}]}


def test_effects_cover_every_outcome_and_estimator(demo):
    effects = demo.query("select * from fct_treatment_effects where study = 'caption_sentiment'")
    assert len(effects) == 3 * len(ESTIMATORS)
    assert set(effects["estimator"]) == ESTIMATORS
    assert set(effects["outcome"]) == {"log_views", "log_likes", "log_shares"}
    assert (effects["estimand"] == "ATE").all()
    assert (
        (effects["ci_lower"] < effects["estimate"]) & (effects["estimate"] < effects["ci_upper"])
    ).all()
    dropped = effects.groupby("outcome")["n_dropped_null_outcome"].max()
    assert dropped["log_shares"] > 0
    assert dropped["log_views"] == 0


def test_aipw_recovers_truth_better_than_naive(demo):
    bias = demo.query(
        "select outcome, estimator, value from fct_recovery_metrics "
        "where domain = 'causal' and metric = 'bias'"
    ).pivot(index="outcome", columns="estimator", values="value")
    se = demo.query(
        "select outcome, std_error from fct_treatment_effects where estimator = 'aipw'"
    ).set_index("outcome")["std_error"]
    assert (bias["aipw"].abs() < 4 * se.reindex(bias.index)).all()
    assert (bias["difference_in_means"].abs() > bias["aipw"].abs()).all()


def test_weighting_improves_balance(demo):
    balance = demo.query("select * from fct_covariate_balance")
    assert {"followers", "category=music"} <= set(balance["covariate"])
    assert balance["smd_weighted"].max() < balance["smd_unweighted"].max()


def test_propensity_scores_one_row_per_unit(demo):
    scores = demo.query("select * from fct_propensity_scores where study = 'caption_sentiment'")
    units = demo.query("select count(*) as n from stg_raw__video_experiments where duration_s > 0")
    assert len(scores) == units["n"].iloc[0]
    assert scores["propensity"].between(0, 1, inclusive="neither").all()
    assert scores["unit_id"].is_unique


def test_att_study_with_a_large_control_pool_keeps_its_treated(demo):
    """The job-training demo: ~2% treated, most controls far below every treated score."""
    overlap = demo.query(
        "select * from fct_propensity_overlap where study = 'job_training'"
    ).set_index("arm")
    assert (overlap["trim_rule"] == "support").all()
    assert (overlap["estimand"] == "ATT").all()
    treated, control = overlap.loc["treated"], overlap.loc["control"]
    assert treated["n_trimmed"] / treated["n_units"] < 0.05
    assert control["n_trimmed"] > 0  # controls below the smallest treated score are dropped
    assert control["kept_lower"] >= treated["propensity_min"]
    assert treated["target_population"].startswith("ATT over the ")
    effects = demo.query(
        """
        select effects.estimator, effects.estimand, effects.ci_lower, effects.ci_upper,
            truth.value as true_att
        from fct_treatment_effects as effects
        inner join fct_recovery_metrics as truth
            on effects.study = truth.analysis and truth.metric = 'true_att'
        where effects.study = 'job_training'
        """
    ).set_index("estimator")
    assert (effects["estimand"] == "ATT").all()
    for name in ("aipw", "ipw", "ps_stratification"):
        row = effects.loc[name]
        assert row["ci_lower"] < row["true_att"] < row["ci_upper"], effects
    naive = effects.loc["difference_in_means"]
    assert not naive["ci_lower"] < naive["true_att"] < naive["ci_upper"]


def test_study_over_any_csv_file(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "csv.duckdb")
    (tmp_path / "elsewhere").mkdir()
    path = study_csv(tmp_path / "elsewhere" / "my_study.csv", n=800)
    run = warehouse.dbt(
        "build", "--select", "+fct_treatment_effects", vars_=csv_study(path, estimand="ATT")
    )
    assert run.ok, run.output
    effects = warehouse.query("select * from fct_treatment_effects where study = 'csv_study'")
    assert set(effects["estimator"]) == ESTIMATORS
    assert (effects["estimand"] == "ATT").all()
    aipw = effects.set_index("estimator").loc["aipw"]
    assert aipw["ci_lower"] < 0.5 < aipw["ci_upper"]


def test_ate_study_with_the_crump_rule(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "crump.duckdb")
    path = study_csv(tmp_path / "my_study.csv", n=800)
    run = warehouse.dbt(
        "build",
        "--select",
        "+fct_propensity_overlap",
        "--indirect-selection",
        "cautious",  # leave out tests that also read unselected marts
        vars_=csv_study(path, trim="crump"),
    )
    assert run.ok, run.output
    overlap = warehouse.query("select * from fct_propensity_overlap")
    assert (overlap["trim_rule"] == "crump").all()
    alpha = overlap["trim_threshold"].iloc[0]
    assert 0 <= alpha < 0.5
    assert (overlap["kept_lower"] == alpha).all()
    assert "chosen by Crump et al. 2009" in overlap["target_population"].iloc[0]


def separated_arms(n=600):
    """Treatment fully determined by x1: propensity scores cannot overlap."""
    treated = np.arange(n) % 2
    return {"treated": treated, "x1": treated * 5.0 + np.random.default_rng(1).normal(size=n) * 0.1}


BAD_STUDIES = {
    "missing column": ({}, {"covariates": ["x1", "x9"]}, "x9", "not found"),
    "non-numeric covariate": (
        {},
        {"covariates": ["x1", "segment"]},
        "segment",
        "expected a numeric",
    ),
    "non-binary treatment": ({"treated": np.arange(600) % 3}, {}, "treated", "is not binary"),
    "single arm": ({"treated": np.ones(600, dtype=int)}, {}, "treated", "has a single arm"),
    "null treatment": (
        {"treated": np.where(np.arange(600) < 5, np.nan, np.arange(600) % 2)},
        {},
        "treated",
        "has 5 null values",
    ),
    "repeated unit ids": ({"unit": [f"u{i % 590}" for i in range(600)]}, {}, "unit", "not unique"),
    "no overlap": (separated_arms(), {}, "treated", "overlap"),
    "constant covariate": ({"x2": np.full(600, 3.0)}, {}, "x2", "is constant (3)"),
    "outcome as covariate": ({}, {"covariates": ["x1", "y"]}, "y", "cannot also be a covariate"),
    "too many levels": ({"segment": [f"s{i}" for i in range(600)]}, {}, "segment", "600 levels"),
    "crump trim for the ATT": ({}, {"estimand": "ATT", "trim": "crump"}, "crump", "ATE rule"),
}


@pytest.mark.parametrize("case", list(BAD_STUDIES))
def test_bad_study_fails_before_fitting(tmp_path, case):
    overrides, spec, column, expected = BAD_STUDIES[case]
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    path = study_csv(tmp_path / "study.csv", **overrides)
    run = warehouse.dbt(
        "build", "--select", "+fct_treatment_effects", vars_=csv_study(path, **spec)
    )
    assert not run.ok
    assert "study 'csv_study'" in run.output, run.output
    assert f"'{column}'" in run.output, run.output
    assert expected in run.output, run.output
    assert "OK created python table model main.study_treatment_effects" not in run.output


def test_study_over_a_dbt_source(demo):
    study = {
        "name": "from_source",
        "data": "source:raw.video_experiments",
        "unit": "video_id",
        "treatment": "has_sentiment_caption",
        "outcomes": ["log_views"],
        "covariates": ["followers"],
    }
    run = demo.dbt("compile", "--select", "int_study_units_unioned", vars_={"studies": [study]})
    assert run.ok, run.output
    assert "raw/video_experiments.parquet" in run.output


def test_summary_prints_every_headline_table(demo):
    text = render_summary(summary_tables(demo.db_path))
    for title in SECTIONS:
        assert f"== {title}" in text
    assert "(no rows)" not in text
    assert "caption_sentiment" in text


def test_no_declared_study_builds_empty_marts(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "empty.duckdb")
    marts = ("fct_treatment_effects", "fct_covariate_balance", "fct_propensity_scores")
    run = warehouse.dbt("build", "--select", *(f"+{mart}" for mart in marts), vars_={"studies": []})
    assert run.ok, run.output
    for mart in marts:
        assert warehouse.query(f"select count(*) as n from {mart}")["n"].iloc[0] == 0
