"""Fingerprints of a warehouse file, to tell whether a refresh changed what readers see."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from impactlytics.refresh.publish import mart_names

# When a run happened, not what it computed; fct_refresh_runs is a view over the run log.
RUN_TIME_COLUMNS = {"fitted_at"}
RUN_LOG_MART = "fct_refresh_runs"
# DuckDB sums floating-point numbers in parallel, in an order that varies from run to run: the
# same inputs give aggregates equal to about 1e-13, not bit for bit.
RELATIVE_TOLERANCE, ABSOLUTE_TOLERANCE = 1e-9, 1e-12


def file_checksum(path: Path) -> str:
    """sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mart_rows(path: Path) -> dict[str, pd.DataFrame]:
    """{mart: its rows sorted by every column} for every mart of the file, without the run-time
    columns and the run log."""
    with duckdb.connect(str(path), read_only=True) as connection:
        frames = {}
        for name in mart_names(connection):
            if name == RUN_LOG_MART:
                continue
            rows = connection.execute(f'select * from "{name}" order by all').df()
            frames[name] = rows.drop(columns=[c for c in rows if c in RUN_TIME_COLUMNS])
        return frames


def mart_differences(expected: dict[str, pd.DataFrame], actual: dict[str, pd.DataFrame]) -> list:
    """What differs between two ``mart_rows``: missing marts, shapes, non-float values, and float
    values beyond the tolerances. Empty when the marts are the same."""
    differences = sorted(set(expected) ^ set(actual))
    for name in sorted(set(expected) & set(actual)):
        left, right = expected[name], actual[name]
        if list(left.columns) != list(right.columns) or len(left) != len(right):
            differences.append(f"{name}: shape {left.shape} != {right.shape}")
            continue
        for column in left.columns:
            a, b = left[column], right[column]
            if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
                same = np.isclose(
                    a, b, rtol=RELATIVE_TOLERANCE, atol=ABSOLUTE_TOLERANCE, equal_nan=True
                ).all()
            else:
                same = a.astype(str).equals(b.astype(str))
            if not same:
                differences.append(f"{name}.{column}")
    return differences
