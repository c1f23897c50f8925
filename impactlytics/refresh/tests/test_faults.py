"""kill -9 at random points of a refresh (stale locks and leftovers recovered), and a second
refresh started while one runs."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from impactlytics.refresh.lock import lock_path
from impactlytics.refresh.publish import history, refresh
from impactlytics.refresh.runs import read_runs, run_log_path
from impactlytics.simulate.writer import write_domains
from impactlytics.testing.warehouse_state import file_checksum, mart_differences, mart_rows

SELECT = ["--select", "+int_study_units_unioned", "fct_refresh_runs"]
KILL_SEED = 20261201
N_KILLS = 10
COUNT_UNITS = "select count(*) from int_study_units_unioned"


def stale_wal(published: Path) -> Path:
    return published.parent / f".{published.stem}.building.duckdb.wal"


@pytest.fixture()
def published(tmp_path, monkeypatch) -> Path:
    """A published warehouse of the causal demo data's first tables, at small scale."""
    data_dir = tmp_path / "data"
    write_domains(data_dir, seed=3, scale="small", domains=["causal"])
    monkeypatch.setenv("IMPACTLYTICS_DATA_DIR", str(data_dir))
    path = tmp_path / "warehouse" / "published.duckdb"
    assert refresh(path, SELECT).status == "published"
    return path


def start_refresh(published: Path) -> subprocess.Popen:
    """A refresh in its own session (dbt included), from a Python that imports little else."""
    code = (
        "import sys; from pathlib import Path; from impactlytics.refresh.publish import refresh; "
        f"sys.exit(refresh(Path({str(published)!r}), {SELECT!r}).status != 'published')"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_group(child: subprocess.Popen) -> None:
    """kill -9 every process of the refresh's session (it and dbt) until none is running: a dbt
    forked while pkill ran would escape one round."""
    subprocess.run(["pkill", "-9", "-s", str(child.pid)], check=False)
    child.wait()
    while running_in_session(child.pid):
        subprocess.run(["pkill", "-9", "-s", str(child.pid)], check=False)
        time.sleep(0.01)


def running_in_session(session_id: int) -> bool:
    """Whether a process of the session is alive (zombies waiting to be reaped do not count)."""
    listed = subprocess.run(["pgrep", "-s", str(session_id)], capture_output=True, text=True)
    for pid in listed.stdout.split():
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, IndexError):
            continue
        if state != "Z":
            return True
    return False


class ReaderLoop(threading.Thread):
    """New read-only connections querying a mart of the published file, until stopped."""

    def __init__(self, published: Path) -> None:
        super().__init__(daemon=True)
        self.published, self.stopped = published, threading.Event()
        self.counts: set[int] = set()
        self.queries, self.errors = 0, []

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                with duckdb.connect(str(self.published), read_only=True) as connection:
                    self.counts.add(connection.execute(COUNT_UNITS).fetchone()[0])
            except duckdb.Error as error:
                self.errors.append(error)
            self.queries += 1


def test_kill_9_at_random_points_never_breaks_the_published_file(published):
    """Kill times: a seeded uniform fraction of one measured refresh's duration. A reader loop
    queries the published file throughout."""
    started = time.monotonic()
    assert refresh(published, SELECT).status == "published"
    duration = time.monotonic() - started
    rng = random.Random(KILL_SEED)
    reader = ReaderLoop(published)
    reader.start()
    survived = 0
    for _ in range(N_KILLS):
        before, contents = file_checksum(published), mart_rows(published)
        child = start_refresh(published)
        time.sleep(rng.uniform(0.05, 1.1) * duration)
        kill_group(child)
        # Readable, and the previous version: byte for byte unless the swap itself had happened
        # (same inputs, so a swapped-in file holds the same marts).
        assert mart_differences(contents, mart_rows(published)) == []
        swapped = file_checksum(published) != before
        assert not swapped or before in {file_checksum(path) for path in history(published)}
        # The lock the killed run held is free again; what it left (its building file, a log
        # cut mid-write) must not reach the next run.
        assert lock_path(published).exists()
        stale_wal(published).write_bytes(b"not a write-ahead log")
        run = refresh(published, SELECT)
        assert run.status == "published", run.message
        assert not list(published.parent.glob(".*.building.duckdb*"))
        survived += 1
    reader.stopped.set()
    reader.join()
    print(
        f"kill -9: {survived}/{N_KILLS} survived; reader: {reader.queries} queries, "
        f"{len(reader.errors)} errors"
    )
    assert survived == N_KILLS
    assert reader.errors == [] and reader.queries > N_KILLS and len(reader.counts) == 1
    statuses = [r.status for r in read_runs(run_log_path(published))]
    assert statuses.count("published") >= N_KILLS + 2 and "locked" not in statuses


def wait_for_lock_holder(published: Path, pid: int) -> None:
    """Until process ``pid`` has taken the refresh lock (it writes its pid once it holds it)."""
    deadline = time.monotonic() + 60
    while f'"pid": {pid}' not in read_text(lock_path(published)):
        assert time.monotonic() < deadline, "the refresh never took the lock"
        time.sleep(0.02)


def read_text(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def test_a_second_refresh_fails_fast_while_one_runs(published):
    before = file_checksum(published)
    first = start_refresh(published)
    wait_for_lock_holder(published, first.pid)
    started = time.monotonic()
    second = refresh(published, SELECT)
    refused_after = time.monotonic() - started
    assert second.status == "locked"
    assert "another refresh of" in second.message and f'"pid": {first.pid}' in second.message
    assert first.poll() is None, "the first refresh should still be running"
    assert file_checksum(published) == before
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert refused_after < 1.0  # refused at once, not after a build
    assert [r.status for r in read_runs(run_log_path(published))][-2:] == ["locked", "published"]
