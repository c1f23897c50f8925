"""End-to-end: declared rollouts through `dbt build` into the contracted rollout marts.

The demo tests read the session's `demo_warehouse` (impactlytics/conftest.py: every domain
simulated at small scale, seed 5, built with `dbt build`); the others build scratch warehouses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlytics.testing.dbt_project import ScratchWarehouse

ESTIMATORS = {"twfe", "callaway_santanna", "g_formula", "cuped", "difference_in_means"}
MARTS = "+fct_rollout_effects +fct_event_study +fct_pretrend_tests"


def test_demo_effects_pretrends_and_recovery(demo_warehouse):
    effects = demo_warehouse.query("select * from fct_rollout_effects")
    assert set(effects["estimator"]) == ESTIMATORS
    assert set(effects["rollout"]) == {"recommender_v2", "autoplay_previews"}
    assert (effects["n_clusters"] == 2000).all()
    pretrends = demo_warehouse.query("select rollout, passed from fct_pretrend_tests")
    pretrends = pretrends.set_index("rollout")
    assert pretrends.loc["recommender_v2", "passed"]
    assert not pretrends.loc["autoplay_previews", "passed"]
    metrics = demo_warehouse.query(
        "select estimator, metric, value from int_rollout_recovery_metrics "
        "where analysis = 'recommender_v2'"
    )
    covered = metrics[metrics["metric"] == "ci_covers_truth"].set_index("estimator")["value"]
    assert covered["callaway_santanna"] == 1.0 and covered["g_formula"] == 1.0
    assert covered["difference_in_means"] == 0.0
    study = demo_warehouse.query("select * from fct_event_study where rollout = 'recommender_v2'")
    assert -1 not in set(study["event_time"]) and {-8, 0, 17} <= set(study["event_time"])
    components = demo_warehouse.query("select * from fct_variance_components").set_index(
        ["rollout", "component"]
    )
    assert components.loc[("recommender_v2", "icc"), "estimate"] > 0.5
    assert components.loc[("recommender_v2", "variance_reduction"), "estimate"] > 0.5
    terms = demo_warehouse.query(
        "select term, odds_ratio, p_value from fct_rollout_propensity_terms "
        "where rollout = 'recommender_v2'"
    ).set_index("term")
    assert (
        terms.loc["segment=power", "odds_ratio"] > 2
        and terms.loc["segment=power", "p_value"] < 0.01
    )


def test_demo_experiments(demo_warehouse):
    arms = demo_warehouse.query(
        "select experiment, stratum, arm, count(*) as n from fct_experiment_assignments "
        "group by all"
    ).pivot(index=["experiment", "stratum"], columns="arm", values="n")
    assert ((arms["control"] - arms["treatment"]).abs() <= 1).all()
    balance = demo_warehouse.query("select max(smd_vs_control) as smd from fct_experiment_balance")
    assert balance["smd"][0] < 0.1
    srm = demo_warehouse.query("select * from fct_srm_checks").set_index(["experiment", "arm"])
    assert srm.loc[("recommender_v3_test", "control"), "count_source"] == "assignment"
    assert srm.loc[("autoplay_ab_test", "treatment"), "count_source"] == "observed_arm"
    power = demo_warehouse.query("select * from fct_experiment_power").set_index("experiment")
    assert (power["mde"] > 0).all()
    stratified = power.loc["recommender_v3_test"]
    assert stratified["mde_stratified"] < stratified["mde"]


def state_panel(path, period: str = "year", mutate=None, n_states: int = 30) -> str:
    """States x years (or year-start dates) with staggered adoption in 2005 and 2008, written as
    a CSV after `mutate` (frame -> frame) has broken it if given."""
    rng = np.random.default_rng(0)
    years = np.arange(2001, 2013)
    adoption = rng.choice([0, 2005, 2008], size=n_states)
    frame = pd.DataFrame(
        {
            "state": np.repeat([f"s{i:02d}" for i in range(n_states)], len(years)),
            "year": np.tile(years, n_states),
            "population": np.repeat(rng.uniform(1, 10, n_states), len(years)),
            "region": np.repeat(rng.choice(["north", "south"], n_states), len(years)),
        }
    )
    adopted = np.repeat(adoption, len(years))
    frame["treated"] = ((adopted > 0) & (frame["year"] >= adopted)).astype(int)
    frame["y"] = (
        np.repeat(rng.normal(size=n_states), len(years))
        + 0.1 * (frame["year"] - 2000)
        + 2.0 * frame["treated"]
        + rng.normal(size=len(frame)) * 0.5
    )
    if period == "quarter":
        frame["year"] = pd.to_datetime(frame["year"].astype(str) + "-01-01").dt.date
    (mutate(frame) if mutate else frame).to_csv(path, index=False)
    return str(path)


def state_rollout(path: str, **overrides) -> dict:
    spec = {
        "name": "state_policy",
        "data": path,
        "unit": "state",
        "period": "year",
        "outcome": "y",
        "exposure": "treated",
        "categorical": ["region"],
        "weight": "population",
        "control_group": "not_yet_treated",
    }
    return {"rollouts": [{**spec, **overrides}]}


@pytest.mark.parametrize("period", ["year", "quarter"])
def test_rollout_over_a_small_state_panel_csv(tmp_path, period):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "states.duckdb")
    path = state_panel(tmp_path / "states.csv", period=period)
    run = warehouse.dbt("build", "--select", MARTS, vars_=state_rollout(path))
    assert run.ok, run.output
    effects = warehouse.query("select * from fct_rollout_effects").set_index("estimator")
    assert set(effects.index) == ESTIMATORS
    assert (effects["n_clusters"] == 30).all()
    cs = effects.loc["callaway_santanna"]
    assert cs["ci_lower"] < 2.0 < cs["ci_upper"]
    assert warehouse.query("select passed from fct_pretrend_tests")["passed"].all()


def assigned(**columns):
    """A `mutate` that sets the given columns (arrays over the rows) and keeps the rest."""
    return lambda frame: frame.assign(**{name: f(frame) for name, f in columns.items()})


ROW = np.arange(30 * 12)
YEAR_RANK = ROW % 12
ALL_EXPOSED_FROM_2007 = assigned(treated=lambda f: (YEAR_RANK >= 6).astype(int))


@pytest.mark.parametrize(
    ("mutate", "spec_overrides", "message"),
    [
        (ALL_EXPOSED_FROM_2007, {"control_group": "never_treated"}, "no never-exposed unit"),
        (ALL_EXPOSED_FROM_2007, {}, "no unit unexposed when the first cohort starts"),
        (lambda f: f[YEAR_RANK == 0], {}, "a rollout needs at least two periods"),
        (
            assigned(treated=lambda f: np.where(YEAR_RANK == 11, 0, f["treated"])),
            {},
            "exposure column 'treated' switches off",
        ),
        (lambda f: pd.concat([f, f.head(3)]), {}, "3 repeated rows of unit column 'state'"),
        (
            assigned(y=lambda f: np.where(ROW == 3, "n/a", f["y"].astype(str))),
            {},
            "column 'y' (outcomes) has type VARCHAR",
        ),
        (assigned(state=lambda f: f["state"].where(ROW != 5)), {}, "column 'state' has 1 null"),
        (assigned(year=lambda f: f["year"].where(ROW != 5)), {}, "column 'year' has 1 null"),
        (
            assigned(treated=lambda f: f["treated"].where(ROW != 5)),
            {},
            "column 'treated' has 1 null",
        ),
        (
            assigned(treated=lambda f: np.where(ROW == 40, 2, f["treated"])),
            {},
            "values other than 0 and 1",
        ),
    ],
    ids=[
        "no_never_exposed",
        "no_not_yet_exposed",
        "single_period",
        "switch_off",
        "duplicate_rows",
        "non_numeric_outcome",
        "null_unit",
        "null_period",
        "null_exposure",
        "non_binary_exposure",
    ],
)
def test_bad_input_fails_before_fitting(tmp_path, mutate, spec_overrides, message):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    path = state_panel(tmp_path / "bad.csv", mutate=mutate)
    run = warehouse.dbt("build", "--select", MARTS, vars_=state_rollout(path, **spec_overrides))
    assert not run.ok
    assert f"rollout 'state_policy' (data {path}): " in run.output
    assert message in run.output
    assert "python model" not in run.output.lower().replace("python_models", "")


@pytest.mark.parametrize(
    ("rows", "arms", "message"),
    [
        (["u1", "u2", "u2"], {"control": 0.5, "treatment": 0.5}, "has 1 repeated ids"),
        (["u1", "u2", "u3"], {"control": 0.5, "treatment": 0.4}, "arm shares sum to 0.9"),
    ],
    ids=["duplicate_units", "shares_not_one"],
)
def test_bad_experiment_fails_naming_it(tmp_path, rows, arms, message):
    path = tmp_path / "units.csv"
    pd.DataFrame({"unit": rows, "x": [1.0, 2.0, 3.0]}).to_csv(path, index=False)
    experiment = {"name": "my_test", "data": str(path), "unit": "unit", "arms": arms}
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    run = warehouse.dbt(
        "build",
        "--select",
        "+fct_experiment_assignments",
        vars_={"experiments": [experiment], "rollouts": []},
    )
    assert not run.ok
    assert "experiment 'my_test'" in run.output and message in run.output
