"""How the library runs this repository's dbt project: the executable, the folder, the env."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]


def dbt_command(*args: str, vars_: dict | None = None) -> list[str]:
    """``dbt <args>`` with the dbt of this Python environment (``--vars`` from ``vars_``)."""
    command = [str(Path(sys.executable).parent / "dbt"), *args]
    if vars_ is not None:
        command += ["--vars", yaml.safe_dump(vars_)]
    return command


def dbt_env(db_path: Path, **settings: str) -> dict[str, str]:
    """The process environment for a dbt run building into ``db_path``; ``settings`` add
    IMPACTLYTICS_* variables by lowercase suffix (e.g. ``data_dir=...``)."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
        "IMPACTLYTICS_DB_PATH": str(db_path),
        **{f"IMPACTLYTICS_{key.upper()}": value for key, value in settings.items()},
    }
