"""The refresh run log: one JSON line per run, passed or failed, beside the published file.

Lines are appended with a single ``write`` and an fsync, so a run killed mid-write leaves at most
one partial last line, which readers skip (``read_json(..., ignore_errors=true)`` in
``fct_refresh_runs``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

RUN_LOG_NAME = "refresh_runs.jsonl"


@dataclass(frozen=True)
class RefreshRun:
    """One refresh: when, from which code, how it ended and what it published."""

    run_id: str
    git_revision: str
    started_at: str  # ISO-8601, UTC
    ended_at: str
    status: str  # published, failed, rolled_back
    dbt_args: list[str] = field(default_factory=list)
    failing_nodes: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    message: str = ""


def run_log_path(published: Path) -> Path:
    """The run log of a published warehouse file: ``<its folder>/refresh_runs.jsonl``."""
    return Path(published).resolve().parent / RUN_LOG_NAME


def append_run(log: Path, run: RefreshRun) -> None:
    """Append ``run`` as one JSON line, durably."""
    line = (json.dumps(asdict(run), sort_keys=True) + "\n").encode()
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_runs(log: Path) -> list[RefreshRun]:
    """Every complete run of the log, oldest first (a partial last line is skipped)."""
    if not log.exists():
        return []
    runs = []
    for line in log.read_text().splitlines():
        try:
            runs.append(RefreshRun(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return runs
