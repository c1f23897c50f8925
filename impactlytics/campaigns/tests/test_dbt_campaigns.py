"""End-to-end: the declared campaign predictor through `dbt build` into the contracted marts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlytics.campaigns.tables import FORECAST_SCHEMA, METRICS_SCHEMA
from impactlytics.campaigns.tests.conftest import campaign_warehouse
from impactlytics.simulate.campaigns import ENGAGEMENT_PARTS, achievable_r2
from impactlytics.testing.dbt_project import ScratchWarehouse

ISSUE_METRIC_COLUMNS = [
    "model",
    "target",
    "r2",
    "mae",
    "rmse",
    "mape",
    "interval_coverage",
    "interval_width",
    "is_selected",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> ScratchWarehouse:
    return campaign_warehouse(tmp_path_factory)


def test_marts_have_the_issue_columns(demo):
    metrics = demo.query("select * from fct_campaign_model_metrics")
    assert list(metrics.columns) == list(METRICS_SCHEMA)
    assert set(ISSUE_METRIC_COLUMNS) <= set(metrics.columns)
    forecasts = demo.query("select * from fct_campaign_forecasts")
    assert list(forecasts.columns) == list(FORECAST_SCHEMA)
    assert len(metrics) == 8  # 3 models x 2 targets, and the forest's tree-variance rows
    selected = metrics[metrics["is_selected"] & (metrics["interval_method"] == "split_conformal")]
    assert sorted(selected["target"]) == ["engagement", "impressions"]
    assert selected["model"].nunique() == 1
    assert (metrics["interval_group"] == "platform").all()  # the project's default declaration


def test_options_are_the_labels_of_the_training_data(demo):
    raw = pd.read_parquet(demo.data_dir / "raw" / "campaigns.parquet")
    options = demo.query("select * from dim_campaign_options")
    for field in ("platform", "campaign_type", "content_type"):
        listed = set(options.loc[options["option_field"] == field, "option_value"])
        assert listed == set(raw[field])


def test_forecast_grid_covers_every_option_combination(demo):
    options = demo.query("select * from dim_campaign_options")
    forecasts = demo.query("select * from fct_campaign_forecasts")
    per_field = options.groupby("option_field").size()
    n_levels = forecasts["total_spend"].nunique()
    assert 10 <= n_levels <= 20
    assert len(forecasts) == int(np.prod(per_field)) * n_levels
    assert (forecasts["impressions_lower"] <= forecasts["predicted_impressions"]).all()
    np.testing.assert_allclose(
        forecasts["cpm"], 1000 * forecasts["total_spend"] / forecasts["predicted_impressions"]
    )


def test_split_is_deterministic_and_by_share(demo):
    splits = demo.query("select split, count(*) as n from int_campaigns_featurized group by split")
    shares = splits.set_index("split")["n"] / 1000
    assert shares["test"] == pytest.approx(0.2, abs=0.05)
    assert shares["calibration"] == pytest.approx(0.2, abs=0.05)
    featurized = demo.query("select * from int_campaigns_featurized order by campaign_id")
    raw = pd.read_parquet(demo.data_dir / "raw" / "campaigns.parquet").sort_values("campaign_id")
    np.testing.assert_array_equal(
        featurized["engagement"], raw[list(ENGAGEMENT_PARTS)].sum(axis=1).to_numpy()
    )


def test_recovery_metrics_against_the_simulator(demo):
    recovery = demo.query("select * from int_campaigns_recovery_metrics")
    achievable = recovery[recovery["metric"] == "achievable_r2"].set_index("outcome")["value"]
    pd.testing.assert_series_equal(
        achievable.sort_index(),
        achievable_r2().set_index("target")["achievable_r2"].sort_index(),
        check_names=False,
    )
    test_r2 = recovery[recovery["metric"] == "test_r2"].set_index("outcome")["value"]
    assert ((achievable - test_r2) < 0.15).all()  # 600 training campaigns; the bench uses 5,000
    assert set(recovery["metric"]) == {
        "achievable_r2",
        "oracle_test_r2",
        "test_r2",
        "r2_gap",
        "interval_coverage",
    }


def campaigns_csv(path, n=400, **overrides) -> str:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "campaign_id": [f"c{i}" for i in range(n)],
            "platform": rng.choice(["north", "south"], size=n),
            "campaign_type": rng.choice(["a", "b"], size=n),
            "content_type": rng.choice(["x", "y", "z"], size=n),
            "total_spend": rng.uniform(100, 10_000, size=n).round(2),
            **{
                column: rng.integers(10, 1000, size=n)
                for column in ("impressions", "likes", "shares", "comments", "saves")
            },
        }
    )
    for column, values in overrides.items():
        frame[column] = values
    frame.to_csv(path, index=False)
    return str(path)


def test_predictor_over_any_csv_file_with_its_own_labels(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "csv.duckdb")
    path = campaigns_csv(tmp_path / "my_campaigns.csv")
    run = warehouse.dbt(
        "run",
        "--select",
        "+fct_campaign_forecasts",
        "dim_campaign_options",
        vars_={"campaign_predictor": {"data": path, "spend_levels": 3}},
    )
    assert run.ok, run.output
    options = warehouse.query("select option_value from dim_campaign_options")
    assert set(options["option_value"]) == {"north", "south", "a", "b", "x", "y", "z"}
    forecasts = warehouse.query("select * from fct_campaign_forecasts")
    assert len(forecasts) == 2 * 2 * 3 * forecasts["total_spend"].nunique()
    assert forecasts["total_spend"].nunique() <= 3


BAD_INPUTS = {
    "negative spend": (
        {"total_spend": np.r_[-5.0, np.full(399, 100.0)]},
        {},
        "total_spend",
        "1 negative values",
    ),
    "null label": (
        {"platform": ["north"] * 397 + [None] * 3},
        {},
        "platform",
        "3 null values",
    ),
    "repeated ids": (
        {"campaign_id": [f"c{i % 390}" for i in range(400)]},
        {},
        "campaign_id",
        "not unique",
    ),
    "missing column": ({}, {"drop": "saves"}, "saves", "not found"),
    "unknown key": ({}, {"var": {"horizon": 3}}, "horizon", "unknown key"),
    "bad interval group": ({}, {"var": {"interval_group": "region"}}, "region", "interval_group"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_fails_before_fitting(tmp_path, case):
    overrides, options, column, expected = BAD_INPUTS[case]
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    path = campaigns_csv(tmp_path / "campaigns.csv", **overrides)
    if "drop" in options:
        pd.read_csv(path).drop(columns=[options["drop"]]).to_csv(path, index=False)
    declared = {"data": path, **options.get("var", {})}
    run = warehouse.dbt(
        "run", "--select", "+campaign_model_metrics", vars_={"campaign_predictor": declared}
    )
    assert not run.ok
    assert "analysis 'campaign_predictor'" in run.output, run.output
    assert f"'{column}'" in run.output, run.output
    assert expected in run.output, run.output
    assert "OK created python table model main.campaign_model_metrics" not in run.output


def test_predictor_over_a_dbt_source(demo):
    declared = {"data": "source:campaigns_raw.campaigns"}
    run = demo.dbt(
        "compile", "--select", "int_campaigns_featurized", vars_={"campaign_predictor": declared}
    )
    assert run.ok, run.output
    assert "raw/campaigns.parquet" in run.output


def test_no_declared_predictor_builds_empty_marts(tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "empty.duckdb")
    marts = ("fct_campaign_model_metrics", "fct_campaign_forecasts", "dim_campaign_options")
    run = warehouse.dbt(
        "run",
        "--select",
        *(f"+{mart}" for mart in marts),
        "--exclude",
        "path:models/staging",
        vars_={"campaign_predictor": None},
    )
    assert run.ok, run.output
    for mart in marts:
        assert warehouse.query(f"select count(*) as n from {mart}")["n"].iloc[0] == 0
