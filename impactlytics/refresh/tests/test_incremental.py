"""The growing rollout panel is staged incrementally, correct on late and re-sent rows; a refresh
over unchanged inputs publishes the same marts as the build it started from."""

from __future__ import annotations

import shutil

import pandas as pd

from impactlytics.refresh.publish import refresh
from impactlytics.testing.dbt_project import ScratchWarehouse
from impactlytics.testing.warehouse_state import file_checksum, mart_differences, mart_rows

PANEL = "stg_raw__user_engagement_weekly"
KEY = ["user_id", "week_index"]
ALL_BUT_THE_CATE_FIT = ["--exclude", "study_cate_unit_effects"]


def stage(warehouse: ScratchWarehouse, panel: pd.DataFrame) -> pd.DataFrame:
    """Write the raw panel, build the staging model (and its tests), return its sorted rows."""
    raw = warehouse.data_dir / "raw" / "user_engagement_weekly.parquet"
    raw.parent.mkdir(parents=True, exist_ok=True)
    panel.to_parquet(raw, index=False)
    run = warehouse.dbt("build", "--select", PANEL)
    assert run.ok, run.output
    assert f"OK created sql incremental model main.{PANEL}" in run.output
    staged = warehouse.query(f"select * from {PANEL}")
    return staged.sort_values(KEY, ignore_index=True)


def test_late_and_resent_rows_land_and_loaded_rows_stay(demo_warehouse, tmp_path):
    warehouse = ScratchWarehouse(tmp_path / "data", tmp_path / "panel.duckdb")
    panel = pd.read_parquet(demo_warehouse.data_dir / "raw" / "user_engagement_weekly.parquet")
    last_week = panel["week_index"].max()
    late = panel.index[(panel["week_index"] == 5)][:7]  # week 5 of a few users arrives late
    first_load = panel[(panel["week_index"] < last_week)].drop(index=late)
    assert len(stage(warehouse, first_load)) == len(first_load)

    second_load = panel.copy()
    resent = second_load.index[second_load["week_index"] == 3][:11]
    second_load.loc[resent, "minutes_watched"] += 1.5  # re-sent, corrected
    dropped = second_load.index[0]
    second_load = second_load.drop(index=dropped)  # gone from the file, kept by the table
    staged = stage(warehouse, second_load)

    assert len(staged) == len(panel)
    assert not staged.duplicated(KEY).any()
    expected = pd.concat([second_load, panel.loc[[dropped]]])
    merged = staged.merge(expected[[*KEY, "minutes_watched"]], on=KEY, suffixes=("", "_file"))
    assert len(merged) == len(panel)
    assert (merged["minutes_watched"] == merged["minutes_watched_file"]).all()
    assert set(staged["week_index"]) == set(panel["week_index"])


def test_refresh_over_unchanged_inputs_gives_identical_marts(demo_warehouse, tmp_path, monkeypatch):
    """The demo build is the first run; a refresh of a copy, reading the same files, the second.
    Every model is rebuilt but the CATE learners' fit (most of the build's time), whose table
    the copy carries over and whose marts are rebuilt from it. Same marts: equal values, floats
    to 1e-9 (DuckDB's parallel sums), run times (fitted_at) aside."""
    published = tmp_path / "warehouse" / "published.duckdb"
    published.parent.mkdir()
    shutil.copyfile(demo_warehouse.db_path, published)
    monkeypatch.setenv("IMPACTLYTICS_DATA_DIR", str(demo_warehouse.data_dir))
    first = mart_rows(published)
    run = refresh(published, ALL_BUT_THE_CATE_FIT)
    assert run.status == "published", run.message
    assert file_checksum(published) != file_checksum(demo_warehouse.db_path)  # rebuilt
    second = mart_rows(published)
    assert len(second) >= 28
    assert mart_differences(first, second) == []
