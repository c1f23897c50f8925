"""Build into a new DuckDB file, publish it with an atomic rename only when the whole build passed.

The published file is never opened for writing: a refresh copies it (so incremental models keep
their history), runs ``dbt build`` on the copy, and when every model and test passed, hard-links
the current file into ``history/`` and renames the copy over it (``os.replace``, atomic on one
filesystem). Readers opened read-only keep the version they opened (the old inode); new readers
get the new one, whole. A failed or killed refresh leaves the published file as it was.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from impactlytics.dbt_invocation import PROJECT_DIR, dbt_command, dbt_env
from impactlytics.refresh.lock import RefreshLockedError, refresh_lock
from impactlytics.refresh.runs import RefreshRun, append_run, run_log_path

logger = logging.getLogger(__name__)

HISTORY_DIR = "history"
FAILED_STATUSES = {"error", "fail", "runtime error"}
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
TIMESTAMP = re.compile(r"^\d\d:\d\d:\d\d\s+")


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")


def _git_revision() -> str:
    completed = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout.strip() if completed.returncode == 0 else "unknown"


def history(published: Path) -> list[Path]:
    """Earlier published files kept for rollback, newest first."""
    folder = Path(published).parent / HISTORY_DIR
    return sorted(folder.glob(f"{Path(published).stem}.*.duckdb"), reverse=True)


def failing_nodes(target_path: Path) -> list[str]:
    """Unique ids of the nodes that errored or failed, from dbt's run_results.json."""
    results = target_path / "run_results.json"
    if not results.exists():
        return []
    return sorted(
        result["unique_id"]
        for result in json.loads(results.read_text())["results"]
        if result["status"] in FAILED_STATUSES
    )


def error_summary(output: str, limit: int = 4000) -> str:
    """What dbt reported about a failed build: its closing summary (each failing node with its
    message) when it got that far, else the error lines; without colours and timestamps."""
    lines = [TIMESTAMP.sub("", COLOUR.sub("", line)).rstrip() for line in output.splitlines()]
    starts = [i for i, line in enumerate(lines) if line.startswith("Completed with")]
    if starts:
        summary = lines[starts[-1] + 1 :]
        summary = summary[: next((i for i, x in enumerate(summary) if x.startswith("Done.")), None)]
    else:
        summary = [line for line in lines if "rror" in line or "FAIL" in line]
    return "\n".join(line for line in summary if line.strip())[-limit:]


def mart_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every mart (fct_* / dim_* table or view) of an open warehouse, sorted."""
    return [
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables "
            "where table_name like 'fct\\_%' escape '\\' "
            "or table_name like 'dim\\_%' escape '\\' order by table_name"
        ).fetchall()
    ]


def mart_row_counts(db_path: Path) -> dict[str, int]:
    """Rows of every mart of a warehouse file."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        count = 'select count(*) from "{}"'
        return {
            name: connection.execute(count.format(name)).fetchone()[0]
            for name in mart_names(connection)
        }


def _archive(published: Path, run_id: str, keep: int) -> None:
    """Hard-link the current published file into history and keep the newest ``keep``."""
    folder = published.parent / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    os.link(published, folder / f"{published.stem}.{run_id}.duckdb")
    for stale in history(published)[keep:]:
        stale.unlink()


def _checkpointed(db_path: Path) -> None:
    """Fold DuckDB's write-ahead log into the file, so the file alone is the whole database."""
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("checkpoint")


def refresh(published: Path, dbt_args: list[str], keep: int = 3) -> RefreshRun:
    """Run ``dbt build <dbt_args>`` into a copy of ``published`` and publish it if all passed.

    Returns the recorded run (also appended to the run log beside ``published``); its status is
    ``locked`` when another refresh of the same file holds the lock.
    """
    published = Path(published).resolve()
    published.parent.mkdir(parents=True, exist_ok=True)
    started_at = _now()
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    log = run_log_path(published)
    log.touch()
    try:
        with refresh_lock(published, run_id) as lock_fd:
            status, failing, row_counts, message = _build_and_publish(
                published, dbt_args, keep, run_id, log, lock_fd
            )
    except RefreshLockedError as error:
        status, failing, row_counts, message = "locked", [], {}, str(error)
        logger.error("refresh %s: %s", run_id, message)
    run = RefreshRun(
        run_id=run_id,
        git_revision=_git_revision(),
        started_at=started_at,
        ended_at=_now(),
        status=status,
        dbt_args=list(dbt_args),
        failing_nodes=failing,
        row_counts=row_counts,
        message=message,
    )
    append_run(log, run)
    return run


def _build_and_publish(
    published: Path, dbt_args: list[str], keep: int, run_id: str, log: Path, lock_fd: int
) -> tuple[str, list[str], dict[str, int], str]:
    """(status, failing nodes, mart row counts, error lines) of one build, under the lock (dbt
    inherits ``lock_fd``, so it holds the lock as long as it runs).

    The building file and dbt's target folder have fixed names (one refresh at a time), so dbt
    parses partially from the previous run's target.
    """
    building = published.parent / f".{published.stem}.building.duckdb"
    target_path = published.parent / ".refresh" / "target"
    (target_path / "run_results.json").unlink(missing_ok=True)
    if published.exists():
        shutil.copyfile(published, building)
    logger.info("refresh %s: dbt build %s into %s", run_id, " ".join(dbt_args), building)
    completed = subprocess.run(
        dbt_command("build", *dbt_args, "--target-path", str(target_path)),
        cwd=PROJECT_DIR,
        env=dbt_env(building, run_log=str(log)),
        capture_output=True,
        text=True,
        check=False,
        pass_fds=(lock_fd,),
    )
    failing = failing_nodes(target_path)
    if completed.returncode == 0 and not failing:
        _checkpointed(building)
        row_counts = mart_row_counts(building)
        if published.exists():
            _archive(published, run_id, keep)
        os.replace(building, published)
        logger.info("refresh %s: published %s", run_id, published)
        return "published", failing, row_counts, ""
    building.unlink(missing_ok=True)
    message = error_summary(completed.stdout + completed.stderr)
    logger.error("refresh %s failed; %s left as it was:\n%s", run_id, published, message)
    return "failed", failing, {}, message


def rollback(published: Path) -> RefreshRun:
    """Publish the newest file of ``history/`` again (atomically) and record it as a run.

    Raises RefreshLockedError while a refresh runs, FileNotFoundError without history.
    """
    published = Path(published).resolve()
    run_id = f"rollback-{uuid.uuid4().hex[:6]}"
    started_at = _now()
    with refresh_lock(published, run_id):
        earlier = history(published)
        if not earlier:
            raise FileNotFoundError(
                f"no earlier version of {published} in {HISTORY_DIR}/ to roll back to"
            )
        os.replace(earlier[0], published)
    run = RefreshRun(
        run_id=run_id,
        git_revision=_git_revision(),
        started_at=started_at,
        ended_at=_now(),
        status="rolled_back",
        row_counts=mart_row_counts(published),
        message=f"restored {earlier[0].name}",
    )
    append_run(run_log_path(published), run)
    return run
