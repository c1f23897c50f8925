"""End-to-end: declared media mixes through `dbt build` into the contracted media-mix marts.

The demo test reads the session's `demo_warehouse` (impactlytics/conftest.py: every domain
simulated at small scale, seed 5); the others build scratch warehouses from CSV inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlytics.testing.dbt_project import ScratchWarehouse

from .synthetic import write_inputs

CHANNELS = ["facebook", "youtube", "google", "tiktok", "instagram"]
MARTS = (
    "fct_media_roi",
    "fct_media_channel_parameters",
    "fct_media_contributions",
    "fct_media_response_curves",
    "fct_media_forecast",
    "fct_budget_allocation",
    "fct_channel_overlap",
    "fct_media_fit",
)
SELECT = ("--select", " ".join(f"+{mart}" for mart in MARTS))


def test_demo_marts_and_recovery(demo_warehouse):
    roi = demo_warehouse.query("select * from fct_media_roi order by channel")
    assert sorted(roi["channel"]) == sorted(CHANNELS)
    assert (roi["roi_lower"] <= roi["roi_upper"]).all() and (roi["spend"] > 0).all()
    metrics = demo_warehouse.query(
        "select outcome, metric, value from fct_recovery_metrics where domain = 'media_mix'"
    )
    overall = metrics[metrics["outcome"].isna()].set_index("metric")["value"]
    assert overall["roi_mare"] < 0.25 and overall["half_life_mare"] < 0.5
    assert len(metrics[metrics["metric"] == "roi_interval_covers"]) == 5
    fit = demo_warehouse.query("select * from fct_media_fit")
    chosen = fit[fit["is_chosen"]]
    assert chosen["candidate"].nunique() == 1 and set(chosen["metric"]) == {"rmse", "mae", "mape"}
    forecast_kinds = set(fit.loc[fit["stage"] == "forecast", "candidate"])
    assert {"unfiltered_test", "harmonized_test", "harmonized_validation"} <= forecast_kinds
    allocation = demo_warehouse.query("select * from fct_budget_allocation")
    assert allocation["optimized_spend"].sum() == pytest.approx(allocation["current_spend"].sum())
    assert (allocation["expected_gain"] >= 0).all()
    overlap = demo_warehouse.query("select * from fct_channel_overlap")
    assert len(overlap) == 10
    assert overlap["overlap_angle_degrees"].between(0, 90).all()
    overlapping = overlap.dropna(subset=["overlap_effect"])
    assert set(zip(overlapping["channel_a"], overlapping["channel_b"], strict=True)) == {
        ("facebook", "instagram"),
        ("google", "youtube"),
        ("instagram", "tiktok"),
        ("facebook", "youtube"),
    }
    contributions = demo_warehouse.query(
        "select channel, sum(contribution) as total from fct_media_contributions group by 1"
    ).set_index("channel")["total"]
    np.testing.assert_allclose(
        contributions[roi["channel"]].to_numpy(), roi["contribution"].to_numpy(), rtol=1e-6
    )
    curves = demo_warehouse.query(
        "select * from fct_media_response_curves where spend_multiplier in (0, 1)"
    )
    assert np.allclose(curves.loc[curves["spend_multiplier"] == 0, "contribution"], 0)


def media_mix(paths: dict[str, str], **overrides) -> dict:
    spec = {
        "name": "csv_mix",
        "metrics": paths["metrics"],
        "outcome": paths["outcome"],
        "overlap": paths["overlap"],
        "cv_folds": 2,
        "bootstrap_draws": 5,
        "validation_days": 3,
        "test_days": 3,
    }
    return {"media_mixes": [{**spec, **overrides}]}


def test_day_grain_channel_subset_controls_and_either_pair_order(tmp_path):
    kept = ["facebook", "youtube", "instagram"]

    def mutate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        if name == "metrics":
            return frame[frame["channel"].isin(kept)]
        if name == "overlap":
            frame = frame[frame["channel_a"].isin(kept) & frame["channel_b"].isin(kept)].copy()
            swap = frame["channel_a"] == "facebook"
            frame.loc[swap, ["channel_a", "channel_b"]] = frame.loc[
                swap, ["channel_b", "channel_a"]
            ].to_numpy()
        return frame

    paths = write_inputs(tmp_path, n_weeks=20, mutate=mutate)
    outcome = pd.read_csv(paths["outcome"])
    controls = pd.DataFrame(
        {"ts": outcome["ts"], "name": "promo", "value": (np.arange(len(outcome)) % 500 < 48)}
    )
    controls["value"] = controls["value"].astype(float)
    controls.to_csv(tmp_path / "controls.csv", index=False)
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "mix.duckdb")
    spec = media_mix(
        paths,
        grain="day",
        channels=kept,
        controls=str(tmp_path / "controls.csv"),
        budget={"fixed": ["youtube"], "bounds": {"facebook": [0.9, 1.1]}},
    )
    run = warehouse.dbt("build", *SELECT, vars_=spec)
    assert run.ok, run.output
    roi = warehouse.query("select * from fct_media_roi")
    assert sorted(roi["channel"]) == sorted(kept)
    days = warehouse.query("select distinct ts from fct_media_contributions")["ts"]
    assert len(days) == 140 and (days.dt.hour == 0).all()
    allocation = warehouse.query("select * from fct_budget_allocation").set_index("channel")
    youtube = allocation.loc["youtube"]
    assert youtube["is_fixed"] and youtube["optimized_spend"] == pytest.approx(
        youtube["current_spend"]
    )
    facebook = allocation.loc["facebook"]
    assert facebook["optimized_spend"] <= 1.1 * facebook["current_spend"] + 0.01
    overlap = warehouse.query("select * from fct_channel_overlap").set_index(
        ["channel_a", "channel_b"]
    )
    assert overlap.loc[("facebook", "instagram"), "overlap_reach"] > 0
    features = warehouse.query("select distinct feature from int_media_mix_time_features")
    assert "control_promo" in set(features["feature"])
    assert not any(f.startswith("fourier_daily") for f in features["feature"])


def _negative_and_nan_spend(name, frame):
    if name == "metrics":
        frame.loc[7, "spend"] = -1.0
        frame.loc[3, "spend"] = np.nan
    return frame


def _duplicate_row(name, frame):
    return pd.concat([frame, frame.iloc[[10]]]) if name == "metrics" else frame


def _gap(name, frame):
    if name == "metrics":
        return frame[frame["ts"] != frame["ts"].iloc[200]]
    return frame


def _unknown_channel(name, frame):
    if name == "overlap":
        frame.loc[0, "channel_a"] = "snapchat"
    return frame


def _overlap_above_reach(name, frame):
    if name == "overlap":
        frame.loc[5, "overlap_reach"] = 10**9
    return frame


def _short_outcome(name, frame):
    return frame.iloc[:-5] if name == "outcome" else frame


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_negative_and_nan_spend, "(metrics {metrics}): column 'spend' has 2 null, NaN or negati"),
        (_duplicate_row, "(metrics {metrics}): 1 repeated rows of column 'ts' x column 'channel'"),
        (_gap, "(metrics {metrics}): column 'ts' has gaps"),
        (_unknown_channel, "(overlap {overlap}): column 'channel_a' names 1 times a channel"),
        (_overlap_above_reach, "(overlap {overlap}): column 'overlap_reach' exceeds the reach"),
        (_short_outcome, "(outcome {outcome}): column 'ts' does not cover the metrics' time"),
    ],
)
def test_bad_input_fails_before_any_fit_naming_model_table_and_column(tmp_path, mutate, message):
    paths = write_inputs(tmp_path, n_weeks=2, mutate=mutate)
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "bad.duckdb")
    run = warehouse.dbt("build", *SELECT, vars_=media_mix(paths))
    assert not run.ok
    assert "media mix 'csv_mix' " + message.format(**paths) in run.output
    assert "media_mix_cross_validation" not in run.output.split("ERROR creating")[0].split("OK")[-1]
    tables = warehouse.query("select table_name from information_schema.tables")["table_name"]
    assert "media_mix_fits" not in set(tables)
