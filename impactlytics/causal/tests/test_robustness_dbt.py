"""End-to-end: refutations and sensitivity of the declared studies through `dbt build`."""

from __future__ import annotations

import re

import pytest

from impactlytics.causal.estimators import ESTIMATORS
from impactlytics.causal.refutation import REFUTERS
from impactlytics.dbt_invocation import PROJECT_DIR


def test_every_refuter_runs_on_every_study_and_outcome(demo_warehouse):
    refutations = demo_warehouse.query("select * from fct_refutations")
    per_outcome = refutations.groupby(["study", "outcome"])["refuter"].apply(set)
    assert len(per_outcome) == 4
    assert all(refuters == set(REFUTERS) for refuters in per_outcome)
    expects_zero = refutations["refuter"].isin(["placebo_treatment", "dummy_outcome"])
    assert (refutations.loc[expects_zero, "expected_estimate"] == 0).all()
    assert refutations.loc[expects_zero, "p_value"].between(0, 1).all()


def test_original_estimate_is_the_studys_aipw_estimate(demo_warehouse):
    """At small scale every analysis sample is below refutation_max_units, so the refuters start
    from the estimate fct_treatment_effects reports."""
    checked = demo_warehouse.query(
        """
        select refutations.original_estimate, effects.estimate, effects.estimand,
               refutations.estimand as refuted_estimand
        from fct_refutations as refutations
        inner join fct_treatment_effects as effects
            on refutations.study = effects.study and refutations.outcome = effects.outcome
            and effects.estimator = 'aipw'
        """
    )
    assert len(checked) == 16
    assert checked["original_estimate"].to_numpy() == pytest.approx(checked["estimate"], abs=1e-9)
    assert (checked["estimand"] == checked["refuted_estimand"]).all()


def test_sensitivity_per_study_and_outcome(demo_warehouse):
    sensitivity = demo_warehouse.query("select * from fct_sensitivity order by study, outcome")
    assert len(sensitivity) == 4
    assert (sensitivity["robustness_value_alpha"] <= sensitivity["robustness_value"]).all()
    expected_r2 = sensitivity["t_value"] ** 2 / (sensitivity["t_value"] ** 2 + sensitivity["dof"])
    assert sensitivity["partial_r2_treatment"].to_numpy() == pytest.approx(expected_r2)
    assert sensitivity["risk_ratio_scale"].str.contains("continuous outcome").all()


def test_macro_knows_the_same_estimators_as_the_library():
    macro = (PROJECT_DIR / "macros" / "causal" / "declared_studies.sql").read_text()
    listed = re.search(r"set estimator_names = \[([^\]]*)\]", macro).group(1)
    assert re.findall(r"'(\w+)'", listed) == list(ESTIMATORS)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("refutation_estimator", "lasso", "refutation_estimator names unknown estimator 'lasso'"),
        ("refutation_repeats", 0, "refutation_repeats must be an integer of at least 1"),
    ],
)
def test_bad_refutation_keys_fail_at_compile_time(demo_warehouse, key, value, message):
    study = {
        "name": "refuted",
        "data": "source:raw.video_experiments",
        "unit": "video_id",
        "treatment": "has_sentiment_caption",
        "outcomes": ["log_views"],
        "covariates": ["followers"],
        key: value,
    }
    run = demo_warehouse.dbt(
        "compile", "--select", "int_studies_declared", vars_={"studies": [study]}
    )
    assert not run.ok
    assert "study 'refuted'" in run.output and message in run.output, run.output
