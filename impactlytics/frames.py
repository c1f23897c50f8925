"""Typed output frames: fixed columns and dtypes, so DuckDB types a table the same way every run,
including when no analysis is declared and the table is empty."""

from __future__ import annotations

import pandas as pd


def typed_frame(data: list[dict] | dict, schema: dict[str, str]) -> pd.DataFrame:
    """Rows (or a dict of columns) as a frame with exactly the schema's columns, in order, with
    its dtypes."""
    return pd.DataFrame(data, columns=list(schema)).astype(schema)
