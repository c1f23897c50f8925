"""Run the repository's dbt project as a subprocess against a scratch data dir and warehouse."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from impactlytics.dbt_invocation import PROJECT_DIR, dbt_command, dbt_env


@dataclass(frozen=True)
class DbtRun:
    """Exit code and combined output of one dbt invocation."""

    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class ScratchWarehouse:
    """A data dir and a DuckDB file that dbt reads and builds into, outside the repo's own."""

    data_dir: Path
    db_path: Path

    def dbt(self, *args: str, vars_: dict | None = None) -> DbtRun:
        """Run `dbt <args>` from the project root (with `--vars` from `vars_` when given)."""
        completed = subprocess.run(
            dbt_command(*args, vars_=vars_),
            cwd=PROJECT_DIR,
            env=dbt_env(self.db_path, data_dir=str(self.data_dir)),
            capture_output=True,
            text=True,
            check=False,
        )
        return DbtRun(completed.returncode, completed.stdout + completed.stderr)

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query against the warehouse, opened read-only."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.sql(sql).df()
