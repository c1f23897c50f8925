"""Refresh publishes only whole, passing builds; readers and kills never see a broken file."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from impactlytics.refresh.publish import history, refresh, rollback
from impactlytics.refresh.runs import read_runs, run_log_path
from impactlytics.simulate.writer import write_domains
from impactlytics.testing.warehouse_state import file_checksum

SELECT = ["--select", "+int_study_units_unioned", "fct_refresh_runs"]
RAW = Path("raw") / "video_experiments.parquet"


COUNT_VIDEOS = "select count(*) from int_study_units_unioned where study_name = 'caption_sentiment'"


def video_count(path: Path) -> int:
    """Videos in the published table (staging views read the raw files live; tables are the
    published version)."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(COUNT_VIDEOS).fetchone()[0]


@pytest.fixture()
def project(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """(published warehouse path, data dir) with the causal demo data at small scale."""
    data_dir = tmp_path / "data"
    write_domains(data_dir, seed=3, scale="small", domains=["causal"])
    monkeypatch.setenv("IMPACTLYTICS_DATA_DIR", str(data_dir))
    return tmp_path / "warehouse" / "published.duckdb", data_dir


def test_passing_build_is_published_and_recorded(project):
    published, _ = project
    run = refresh(published, SELECT)
    assert run.status == "published", run.message
    assert run.row_counts["fct_refresh_runs"] == 0  # counted before this run was logged
    with duckdb.connect(str(published), read_only=True) as connection:
        runs = connection.sql("select * from fct_refresh_runs").df()
    assert list(runs["run_id"]) == [run.run_id]
    assert runs["status"].iloc[0] == "published" and runs["n_failing_nodes"].iloc[0] == 0
    assert runs["duration_s"].iloc[0] > 0


def test_failing_test_leaves_the_published_file_unchanged(project):
    published, data_dir = project
    assert refresh(published, SELECT).status == "published"
    before = file_checksum(published)
    raw = pd.read_parquet(data_dir / RAW)
    raw.iloc[1, raw.columns.get_loc("video_id")] = raw["video_id"].iloc[0]  # a duplicate key
    raw.to_parquet(data_dir / RAW)
    run = refresh(published, SELECT)
    assert run.status == "failed"
    assert any("unique_raw_video_experiments_video_id" in node for node in run.failing_nodes)
    assert file_checksum(published) == before
    assert [r.status for r in read_runs(run_log_path(published))] == ["published", "failed"]
    assert not list(published.parent.glob(".*.building.duckdb"))


def test_readers_neither_block_nor_see_a_mix(project):
    """A connection held open and a loop of new readers, throughout a refresh."""
    published, data_dir = project
    assert refresh(published, SELECT).status == "published"
    n_before = video_count(published)
    raw = pd.read_parquet(data_dir / RAW)
    pd.concat([raw, raw.assign(video_id="x" + raw["video_id"])]).to_parquet(data_dir / RAW)
    seen, errors, done = [], [], threading.Event()

    def read_in_a_loop() -> None:
        while not done.is_set():
            try:
                seen.append(video_count(published))
            except duckdb.Error as error:
                errors.append(error)

    loop = threading.Thread(target=read_in_a_loop)
    with duckdb.connect(str(published), read_only=True) as held_open:
        loop.start()
        run = refresh(published, SELECT)
        done.set()
        loop.join()
        assert run.status == "published", run.message
        # The open reader keeps the version it opened, whole.
        assert held_open.execute(COUNT_VIDEOS).fetchone()[0] == n_before
    print(f"readers during a refresh: {len(seen)} queries, {len(errors)} errors")
    assert not errors
    assert len(seen) > 10 and set(seen) <= {n_before, 2 * n_before}
    assert video_count(published) == 2 * n_before


def test_rollback_restores_the_previous_file(project):
    published, data_dir = project
    assert refresh(published, SELECT).status == "published"
    first = file_checksum(published)
    raw = pd.read_parquet(data_dir / RAW)
    raw.head(100).to_parquet(data_dir / RAW)
    assert refresh(published, SELECT).status == "published"
    assert video_count(published) == 100
    assert len(history(published)) == 1
    run = rollback(published)
    assert run.status == "rolled_back"
    assert file_checksum(published) == first
    assert [r.status for r in read_runs(run_log_path(published))][-1] == "rolled_back"
