"""Run the repository's dbt project as a subprocess against a scratch data dir and warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]


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
        command = [str(Path(sys.executable).parent / "dbt"), *args]
        if vars_ is not None:
            command += ["--vars", yaml.safe_dump(vars_)]
        env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
            "IMPACTLYTICS_DATA_DIR": str(self.data_dir),
            "IMPACTLYTICS_DB_PATH": str(self.db_path),
        }
        completed = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return DbtRun(completed.returncode, completed.stdout + completed.stderr)

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query against the warehouse, opened read-only."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.sql(sql).df()
