"""End to end through dbt: the demo panel's marts, and bad inputs failing before any fit."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from impactlytics.ad_panel.tests.helpers import FEATURES, simulated_frame
from impactlytics.testing.dbt_project import ScratchWarehouse

MARTS = (
    "fct_ad_slopes",
    "fct_ad_fixed_effects",
    "fct_ad_average_slope",
    "fct_ad_vendor_slopes",
    "fct_ad_segment_slopes",
    "fct_ad_counterfactuals",
    "fct_ad_fit",
)


@pytest.mark.parametrize("mart", MARTS)
def test_demo_marts_are_built(demo_warehouse, mart):
    assert len(demo_warehouse.query(f"select * from {mart}")) > 0


def test_demo_slopes_cover_every_row_and_recover_the_truth(demo_warehouse):
    n_rows = demo_warehouse.query("select count(*) as n from stg_raw__ad_clicks_revenue")["n"][0]
    assert len(demo_warehouse.query("select * from fct_ad_slopes")) == n_rows
    metrics = demo_warehouse.query(
        "select estimator, metric, value from fct_recovery_metrics where domain = 'ad_panel'"
    ).set_index(["estimator", "metric"])["value"]
    assert metrics[("network", "slope_correlation")] > 0.95
    assert metrics[("network", "fe_correlation_period")] > 0.95
    assert metrics[("network", "outcome_r2")] > metrics[("linear_fe", "outcome_r2")]
    ceiling = demo_warehouse.query(
        "select value from fct_recovery_metrics where domain = 'ad_panel'"
        " and metric = 'outcome_r2_ceiling' and estimator is null"
    )["value"]
    assert len(ceiling) == 1 and metrics[("network", "outcome_r2")] < ceiling[0] + 0.01


def test_demo_fit_reports_the_demeaning_and_training(demo_warehouse):
    fit = demo_warehouse.query("select * from fct_ad_fit order by estimator")
    assert list(fit["estimator"]) == ["linear_fe", "network"]
    assert fit["is_demean_converged"].all()
    assert (fit["demean_max_change"] < fit["demean_tolerance"]).all()
    assert fit.loc[fit["estimator"] == "network", "epochs"].iloc[0] > 0


def test_demo_levels_are_integers_as_text(demo_warehouse):
    levels = demo_warehouse.query("select level from fct_ad_fixed_effects")["level"]
    assert levels.str.fullmatch(r"-?\d+").all()


def _panel(path) -> dict:
    return {
        "ad_panels": [
            {
                "name": "bad_panel",
                "data": str(path),
                "row_id": "row_id",
                "outcome": "revenue",
                "slope": "clicks",
                "features": list(FEATURES),
                "fixed_effects": ["user_id", "vendor_id", "period"],
            }
        ]
    }


def _null_vendor(frame):
    frame["vendor_id"] = frame["vendor_id"].astype("Int64")
    frame.loc[3, "vendor_id"] = pd.NA


def _clicks_per_user(frame):
    frame["clicks"] = frame["user_id"] % 5


def _text_feature(frame):
    frame["user_age"] = frame["user_age"].astype(str)


def _constant_feature(frame):
    frame["vendor_rating"] = 3.0


def _repeated_row_id(frame):
    frame.loc[5, "row_id"] = frame.loc[4, "row_id"]


def _nan_outcome(frame):
    frame.loc[7, "revenue"] = np.nan


def _infinite_slope(frame):
    frame["clicks"] = frame["clicks"].astype(float)
    frame.loc[2, "clicks"] = np.inf


BAD_INPUTS = {
    "null fixed effect": (_null_vendor, "fixed effect column 'vendor_id' has 1 null values"),
    "slope constant within users": (
        _clicks_per_user,
        "slope column 'clicks' does not vary within any level of fixed effect 'user_id'",
    ),
    "non-numeric feature": (_text_feature, "column 'user_age' (features) has type VARCHAR"),
    "constant feature": (_constant_feature, "feature column 'vendor_rating' is constant"),
    "repeated row id": (_repeated_row_id, "row_id column 'row_id' has 1 repeated values"),
    "NaN outcome": (_nan_outcome, "column 'revenue' (outcome) has 1 NaN or infinite values"),
    "infinite slope": (_infinite_slope, "column 'clicks' (slope) has 1 NaN or infinite values"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_fails_before_any_fit_naming_panel_and_column(tmp_path, case):
    corrupt, message = BAD_INPUTS[case]
    frame = simulated_frame(n_rows=600, n_users=40, n_vendors=10, n_periods=4)
    corrupt(frame)
    path = tmp_path / "panel.parquet"
    # Float columns through numpy so a NaN stays a NaN (pandas conversions make it a null).
    columns = {
        name: pa.array(column.to_numpy(), from_pandas=False)
        if column.dtype.kind == "f"
        else pa.array(column)
        for name, column in frame.items()
    }
    pq.write_table(pa.table(columns), path)
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    run = warehouse.dbt("run", "--select", "+ad_panel_linear_fits", vars_=_panel(path))
    assert not run.ok
    assert "ad panel 'bad_panel'" in run.output
    assert message in run.output
    assert "OK created python table model main.ad_panel_linear_fits" not in run.output


def _own_panel_csv(path, n_rows=8_000, seed=0) -> np.ndarray:
    """A panel unlike the demo's: text levels, other column names, two slopes with linear
    betas; returns the true mean of each slope's beta over the rows."""
    rng = np.random.default_rng(seed)
    customer, shop, week = (
        rng.integers(0, 300, n_rows),
        rng.integers(0, 40, n_rows),
        rng.integers(0, 8, n_rows),
    )
    income, quality = rng.normal(3, 0.5, 300)[customer], rng.uniform(0, 1, 40)[shop]
    effects = (
        rng.normal(0, 1, 300)[customer] + rng.normal(0, 0.7, 40)[shop] + rng.normal(0, 0.3, 8)[week]
    )
    clicks = rng.poisson(np.exp(0.8 + 0.3 * effects))
    views = rng.poisson(4.0, n_rows)
    beta_clicks, beta_views = 0.8 + 0.4 * (income - 3) + 0.5 * quality, 0.2 + 0.1 * quality
    frame = pd.DataFrame(
        {
            "id": [f"r{i:05d}" for i in range(n_rows)],
            "customer": [f"cust-{i}" for i in customer],
            "shop": [f"shop_{i}" for i in shop],
            "week": [f"2025-W{i + 1:02d}" for i in week],
            "log_income": income,
            "shop_quality": quality,
            "clicks": clicks,
            "views": views,
            "sales": beta_clicks * clicks
            + beta_views * views
            + effects
            + rng.normal(0, 0.5, n_rows),
        }
    )
    frame.to_csv(path, index=False)
    return np.array([beta_clicks.mean(), beta_views.mean()])


def test_panel_over_any_csv_file_with_text_levels_and_two_slopes(tmp_path):
    truth = _own_panel_csv(tmp_path / "my_panel.csv")
    declared = {
        "name": "shop_ads",
        "data": str(tmp_path / "my_panel.csv"),
        "row_id": "id",
        "outcome": "sales",
        "slope": ["clicks", "views"],
        "features": ["log_income", "shop_quality"],
        "fixed_effects": ["customer", "shop", "week"],
        "cluster": "customer",
        "vendor": "shop",
    }
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "own.duckdb")
    marts = [f"+{mart}" for mart in MARTS]
    run = warehouse.dbt("build", "--select", *marts, vars_={"ad_panels": [declared]})
    assert run.ok, run.output
    average = warehouse.query(
        "select * from fct_ad_average_slope order by estimator, slope_variable"
    )
    assert list(average["slope_variable"]) == ["clicks", "views"] * 2
    for (_, row), true_mean in zip(average.iterrows(), np.tile(truth, 2), strict=True):
        assert row["ci_lower"] < true_mean < row["ci_upper"], average
    levels = warehouse.query("select dimension, level from fct_ad_fixed_effects")
    assert levels.groupby("dimension").size().to_dict() == {"customer": 300, "shop": 40, "week": 8}
    assert levels.loc[levels["dimension"] == "shop", "level"].str.fullmatch(r"shop_\d+").all()
    vendors = warehouse.query("select distinct vendor_column, vendor from fct_ad_vendor_slopes")
    assert (vendors["vendor_column"] == "shop").all() and len(vendors) == 40
    n_slopes = warehouse.query("select count(*) as n from fct_ad_slopes")["n"].iloc[0]
    assert n_slopes == 2 * 8_000


def test_no_declared_panel_builds_empty_marts(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "empty.duckdb")
    selected = [f"+{mart}" for mart in MARTS]
    run = warehouse.dbt("build", "--select", *selected, vars_={"ad_panels": []})
    assert run.ok, run.output
    for mart in MARTS:
        assert warehouse.query(f"select count(*) as n from {mart}")["n"].iloc[0] == 0


def test_cross_fit_folds_must_be_a_whole_number_at_least_one(demo_warehouse):
    panel = _panel("panel.parquet")
    panel["ad_panels"][0]["cross_fit_folds"] = 0
    run = demo_warehouse.dbt("compile", "--select", "int_ad_panels_declared", vars_=panel)
    assert not run.ok
    assert "ad panel 'bad_panel': 'cross_fit_folds' must be a whole number" in run.output
