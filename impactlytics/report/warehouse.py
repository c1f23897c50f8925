"""Read-only access to the marts of a published warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from impactlytics.report.spec import Columns


class MartReader:
    """The marts of one DuckDB warehouse, opened read-only.

    Parameters
    ----------
    db_path : Path
        The DuckDB file; it must exist.

    Attributes
    ----------
    columns_ : dict of str -> set of str
        Column names of every table and view in the main schema.
    """

    def __init__(self, db_path: Path) -> None:
        if not db_path.exists():
            raise FileNotFoundError(f"warehouse {db_path} does not exist; run `make demo` first")
        self.db_path = db_path
        self._connection = duckdb.connect(str(db_path), read_only=True)
        listing = self._connection.sql(
            "select table_name, column_name from information_schema.columns"
            " where table_schema = current_schema()"
        ).fetchall()
        self.columns_: dict[str, set[str]] = {}
        for table, column in listing:
            self.columns_.setdefault(table, set()).add(column)

    def __enter__(self) -> MartReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._connection.close()

    def missing(self, reads: Columns) -> list[str]:
        """Describe every mart or column in ``reads`` that the warehouse lacks (empty if none)."""
        problems = []
        for mart, columns in reads.items():
            if mart not in self.columns_:
                problems.append(mart)
                continue
            absent = [column for column in columns if column not in self.columns_[mart]]
            if absent:
                problems.append(f"{mart} (lacks {', '.join(absent)})")
        return problems

    def load(self, reads: Columns, optional: Columns) -> dict[str, pd.DataFrame]:
        """One frame per mart with the declared columns; an absent optional mart is empty."""
        problems = self.missing(reads)
        if problems:
            raise KeyError(f"warehouse {self.db_path} lacks {'; '.join(problems)}")
        frames = {mart: self._select(mart, columns) for mart, columns in reads.items()}
        for mart, columns in optional.items():
            present = not self.missing({mart: columns})
            frames[mart] = self._select(mart, columns) if present else pd.DataFrame(columns=columns)
        return frames

    def _select(self, mart: str, columns: tuple[str, ...]) -> pd.DataFrame:
        selected = ", ".join(f'"{column}"' for column in columns)
        return self._connection.sql(f'select {selected} from "{mart}"').df()
