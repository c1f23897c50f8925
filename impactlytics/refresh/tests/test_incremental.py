"""The growing raw inputs are staged incrementally, correct on late and re-sent rows; a refresh
over unchanged inputs publishes the same marts as the build it started from."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pandas as pd
import pytest

from impactlytics.refresh.publish import refresh
from impactlytics.testing.dbt_project import ScratchWarehouse
from impactlytics.testing.warehouse_state import file_checksum, mart_differences, mart_rows

ALL_BUT_THE_CATE_FIT = ["--exclude", "study_cate_unit_effects"]
ONE_MART_PER_DOMAIN = [
    "fct_treatment_effects",
    "fct_rollout_effects",
    "fct_campaign_forecasts",
    "fct_ad_average_slope",
    "fct_media_channel_parameters",
]


@dataclass(frozen=True)
class Staging:
    model: str
    raw_file: str
    key: list[str]
    time: str  # what the file grows along
    value: str  # a column a re-sent row corrects


STAGINGS = [
    Staging(
        "stg_raw__user_engagement_weekly",
        "user_engagement_weekly",
        ["user_id", "week_index"],
        "week_index",
        "minutes_watched",
    ),
    Staging("stg_raw__ad_clicks_revenue", "ad_clicks_revenue", ["row_id"], "period", "revenue"),
    Staging("stg_raw__channel_metrics", "channel_metrics", ["ts", "channel"], "ts", "spend"),
]


def stage(warehouse: ScratchWarehouse, staging: Staging, rows: pd.DataFrame) -> pd.DataFrame:
    """Write the raw file, build the staging model (and its tests), return its sorted rows."""
    raw = warehouse.data_dir / "raw" / f"{staging.raw_file}.parquet"
    raw.parent.mkdir(parents=True, exist_ok=True)
    rows.to_parquet(raw, index=False)
    run = warehouse.dbt("build", "--select", staging.model)
    assert run.ok, run.output
    assert f"OK created sql incremental model main.{staging.model}" in run.output
    staged = warehouse.query(f"select * from {staging.model}")
    return staged.sort_values(staging.key, ignore_index=True)


@pytest.mark.parametrize("staging", STAGINGS, ids=lambda staging: staging.model)
def test_late_and_resent_rows_land_and_loaded_rows_stay(demo_warehouse, tmp_path, staging):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "staging.duckdb")
    full = pd.read_parquet(demo_warehouse.data_dir / "raw" / f"{staging.raw_file}.parquet")
    times = sorted(full[staging.time].unique())
    late = full.index[full[staging.time] == times[4]][:7]  # a few rows of an early period, late
    first_load = full[full[staging.time] < times[-1]].drop(index=late)
    assert len(stage(warehouse, staging, first_load)) == len(first_load)

    second_load = full.copy()
    resent = second_load.index[second_load[staging.time] == times[2]][:11]
    second_load.loc[resent, staging.value] += 1.5  # re-sent, corrected
    dropped = first_load.index[0]
    second_load = second_load.drop(index=dropped)  # gone from the file, kept by the table
    staged = stage(warehouse, staging, second_load)

    assert len(staged) == len(full)
    assert not staged.duplicated(staging.key).any()
    expected = pd.concat([second_load, full.loc[[dropped]]])
    value = staging.value
    merged = staged.merge(expected[[*staging.key, value]], on=staging.key, suffixes=("", "_file"))
    assert len(merged) == len(full)
    assert (merged[value] == merged[f"{value}_file"]).all()
    assert merged[value].sum() == pytest.approx(full[value].sum() + 1.5 * len(resent))
    assert set(staged[staging.time]) == set(full[staging.time])


def test_refresh_over_unchanged_inputs_gives_identical_marts(demo_warehouse, tmp_path, monkeypatch):
    """The demo build is the first run; a refresh of a copy, reading the same files, the second.
    Every model is rebuilt but the CATE learners' fit (most of the build's time), whose table
    the copy carries over and whose marts are rebuilt from it. Same marts: equal values, floats
    to 1e-9 (DuckDB's parallel sums), run times (fitted_at) aside. Every mart of every domain:
    this is also the test that the same inputs and seed give the same treatment effects and
    propensity scores."""
    published = tmp_path / "warehouse" / "published.duckdb"
    published.parent.mkdir()
    shutil.copyfile(demo_warehouse.db_path, published)
    monkeypatch.setenv("IMPACTLYTICS_DATA_DIR", str(demo_warehouse.data_dir))
    first = mart_rows(published)
    run = refresh(published, ALL_BUT_THE_CATE_FIT)
    assert run.status == "published", run.message
    assert file_checksum(published) != file_checksum(demo_warehouse.db_path)  # rebuilt
    second = mart_rows(published)
    assert set(ONE_MART_PER_DOMAIN) <= set(second), sorted(second)
    assert mart_differences(first, second) == []
