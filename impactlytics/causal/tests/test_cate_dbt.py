"""End-to-end: the CATE stage of the declared studies through `dbt build` into its marts."""

from __future__ import annotations

import re

import pytest

from impactlytics.causal.cate import CATE_LEARNERS
from impactlytics.causal.tests.test_dbt_studies import csv_study, study_csv
from impactlytics.dbt_invocation import PROJECT_DIR
from impactlytics.testing.dbt_project import ScratchWarehouse

VIDEO_OUTCOMES = {"log_views", "log_likes", "log_shares"}


@pytest.fixture(scope="module")
def demo(demo_warehouse) -> ScratchWarehouse:
    """The demo project built at small scale (see impactlytics/conftest.py)."""
    return demo_warehouse


def test_unit_effects_come_from_the_selected_learner_for_the_estimands_kept_units(demo):
    """Every kept unit for the ATE study, every kept treated unit for the ATT study."""
    checked = demo.query(
        """
        with kept as (
            select scores.study_name as study, count(*) as n_kept
            from study_propensity_scores as scores
            inner join int_studies_declared as studies using (study_name)
            where not scores.is_trimmed and (studies.estimand = 'ATE' or scores.treatment = 1)
            group by all
        ),
        effects as (
            select study, outcome, learner, count(*) as n_units
            from fct_unit_effects group by all
        )
        select effects.*, kept.n_kept, selection.learner as selected
        from effects
        inner join kept using (study)
        inner join fct_cate_model_selection as selection
            on effects.study = selection.study
            and effects.outcome = selection.outcome
            and selection.is_selected
        """
    )
    assert len(checked) == 4
    assert (checked["n_units"] == checked["n_kept"]).all()
    assert (checked["learner"] == checked["selected"]).all()


def test_every_learner_is_scored_and_one_is_selected(demo):
    selection = demo.query("select * from fct_cate_model_selection")
    per_outcome = selection.groupby(["study", "outcome"])
    assert per_outcome.size().eq(len(CATE_LEARNERS) + 1).all()
    assert per_outcome["is_selected"].sum().eq(1).all()
    best = selection.loc[per_outcome["r_loss"].idxmin()]
    assert best["is_selected"].all()


def test_recovery_rows_for_every_learner(demo):
    """On the small demo the true tau varies little (sd ~0.06 log points against unit noise of
    ~0.7), so no learner beats a constant by much; the one the R-loss selects must still be in
    the better half by √PEHE (the T-learner's is ~5 times the sd) and average to the true ATE."""
    metrics = demo.query(
        """
        with spread as (
            select outcome_name as outcome, stddev_pop(true_effect) as sd_tau
            from int_study_true_unit_effects
            where study_name = 'caption_sentiment' and not is_trimmed group by all
        )
        select metric, outcome, estimator, value, sd_tau
        from fct_recovery_metrics inner join spread using (outcome)
        where domain = 'causal' and analysis = 'caption_sentiment'
        """
    )
    selected = metrics[metrics["metric"] == "sqrt_pehe_selected"]
    assert set(selected["outcome"]) == VIDEO_OUTCOMES
    per_learner = metrics[metrics["metric"] == "sqrt_pehe"]
    assert set(per_learner["estimator"]) == {*CATE_LEARNERS, "stacked_ensemble"}
    median = per_learner.groupby("outcome")["value"].median()
    assert (selected["value"].to_numpy() <= median[selected["outcome"]].to_numpy()).all()
    assert (selected["value"] < 2 * selected["sd_tau"]).all(), selected
    errors = metrics[(metrics["metric"] == "cate_ate_error")]
    chosen = errors.merge(selected[["outcome", "estimator"]], on=["outcome", "estimator"])
    assert (chosen["value"].abs() < 0.05).all(), chosen
    coverage = metrics[metrics["metric"] == "gates_coverage"]
    assert len(coverage) == 3 and coverage["value"].between(0, 1).all()


def test_heterogeneity_test_per_study_and_outcome(demo):
    tests = demo.query("select * from fct_heterogeneity_tests")
    assert len(tests) == 4 and tests["p_value"].between(0, 1).all()


def test_qini_curve_ends_at_the_aipw_estimate(demo):
    """Treating everybody is worth the CATE stage's doubly robust estimate, which differs from
    the AIPW estimator's only by its outcome models (a super learner, not trees alone)."""
    ends = demo.query(
        """
        select curve.outcome, curve.qini, effects.estimate, effects.std_error
        from fct_uplift_curve as curve
        inner join fct_treatment_effects as effects
            on curve.study = effects.study and curve.outcome = effects.outcome
        where curve.fraction_targeted = 1 and effects.estimator = 'aipw'
        """
    )
    assert len(ends) == 4  # the ATT study's curve ends at the AIPW ATT
    gap = (ends["qini"] - ends["estimate"]).abs() / ends["std_error"]
    assert (gap < 0.5).all(), ends
    policies = demo.query("select * from fct_policy_values where study = 'caption_sentiment'")
    assert len(policies) == 30


def test_tree_rules_select_their_units_in_sql(demo):
    """A BI tool filtering the study's data with a leaf's rule finds exactly its units."""
    leaves = demo.query(
        "select outcome, rule, n_units from fct_effect_segments"
        " where study = 'caption_sentiment' and segment_type = 'tree'"
    )
    gates = demo.query(
        "select outcome, count(*) as n from fct_effect_segments"
        " where study = 'caption_sentiment' and segment_type = 'gates' group by all"
    )
    assert set(gates["outcome"]) == VIDEO_OUTCOMES and (gates["n"] == 5).all()
    for leaf in leaves.itertuples():
        found = demo.query(
            f"""
            select count(*) as n
            from stg_raw__video_experiments as videos
            inner join study_propensity_scores as scores
                on scores.study_name = 'caption_sentiment'
                and scores.unit_id = cast(videos.video_id as varchar)
            where not scores.is_trimmed and videos.{leaf.outcome} is not null and ({leaf.rule})
            """
        )
        assert found["n"].iloc[0] == leaf.n_units, leaf.rule


def test_macro_knows_the_same_learners_as_the_library():
    macro = (PROJECT_DIR / "macros" / "causal" / "declared_studies.sql").read_text()
    listed = re.search(r"set cate_learner_names = \[([^\]]*)\]", macro).group(1)
    assert re.findall(r"'(\w+)'", listed) == list(CATE_LEARNERS)


def test_unknown_cate_learner_fails_at_compile_time(demo):
    study = {
        "name": "picky",
        "data": "source:raw.video_experiments",
        "unit": "video_id",
        "treatment": "has_sentiment_caption",
        "outcomes": ["log_views"],
        "covariates": ["followers"],
        "cate_learners": ["t_learner", "lasso"],
    }
    run = demo.dbt("compile", "--select", "int_studies_declared", vars_={"studies": [study]})
    assert not run.ok
    assert "study 'picky'" in run.output, run.output
    assert "cate_learners names unknown learner 'lasso'" in run.output, run.output


def test_cate_learners_key_chooses_the_learners(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "subset.duckdb")
    path = study_csv(tmp_path / "study.csv")
    study = csv_study(path, cate_learners=["t_learner", "dr_learner"], cate_groups=4)
    # Cautious: skip tests that also need marts outside the selection (fct_treatment_effects).
    selection = ("--select", "+fct_cate_model_selection", "+fct_effect_segments")
    run = warehouse.dbt("build", *selection, "--indirect-selection", "cautious", vars_=study)
    assert run.ok, run.output
    learners = warehouse.query("select learner from fct_cate_model_selection")["learner"]
    assert set(learners) == {"t_learner", "dr_learner", "stacked_ensemble"}
    groups = warehouse.query("select * from fct_effect_segments where segment_type = 'gates'")
    assert len(groups) == 4
