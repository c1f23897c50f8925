"""Alternating projections inside DuckDB: each column of a panel table minus its least-squares
fit on several sets of fixed effects (the within transformation of high-dimensional FE models).

The fixed-effect coefficients of every column live in small numpy arrays (one per fixed effect,
levels x columns). One *sweep* updates each fixed effect in turn to the grouped mean of the
column minus the other fixed effects' current coefficients (block Gauss-Seidel, the alternating
projections of Guimaraes & Portugal 2010 / Gaure 2013); the grouped means are DuckDB aggregates
over the panel joined to the small coefficient tables (DuckDB temp tables, rewritten after each
update), so the panel itself is only scanned. The first update needs no join (every coefficient
is still zero) and its scan also gives each column's standard deviation.
Every ``_ACCELERATE_EVERY``-th pair of sweeps is extrapolated with Irons & Tuck (1969), as
fixest does, column by column. Iteration stops when the largest coefficient change over a sweep,
relative to the column's standard deviation, is below ``tolerance``, or after
``max_iterations`` sweeps (reported, never silent).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Demeaned:
    """Fixed-effect coefficients of each column and how the iteration ended.

    ``coefficients[k]`` has shape (levels of fixed effect k, columns); ``iterations`` counts
    sweeps; ``max_change`` is the last sweep's largest relative change."""

    columns: tuple[str, ...]
    coefficients: tuple[np.ndarray, ...]
    iterations: int
    max_change: float
    tolerance: float
    converged: bool

    def combined(self, weights: dict[str, float]) -> tuple[np.ndarray, ...]:
        """Coefficients of the linear combination sum(weight * column) of the columns."""
        vector = np.array([weights.get(column, 0.0) for column in self.columns])
        return tuple(coefficients @ vector for coefficients in self.coefficients)


def coefficient_table_name(table: str, k: int) -> str:
    return f"{table}__fe{k}"


def store_coefficients(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    k: int,
    columns: tuple[str, ...],
    values: np.ndarray,
) -> None:
    """Write fixed effect k's coefficients to the temp table ``<table>__fe<k>(code, <columns>)``
    (a DuckDB table: joins to it are faster than to a registered Arrow table)."""
    arrays = {"code": pa.array(np.arange(values.shape[0], dtype=np.int32))}
    arrays.update({column: pa.array(values[:, j]) for j, column in enumerate(columns)})
    connection.register("ad_panel_coefficients", pa.table(arrays))
    connection.execute(
        f"create or replace temp table {coefficient_table_name(table, k)} as"
        " select * from ad_panel_coefficients"
    )
    connection.unregister("ad_panel_coefficients")


def demeaned_sql(table: str, n_fixed_effects: int, columns: dict[str, str]):
    """(from clause, {column: SQL expression of the demeaned column}) over the coefficient
    tables of :func:`store_coefficients`; ``columns`` maps each column name to its SQL
    expression over the panel aliased ``p``."""
    joins = " ".join(
        f"join {coefficient_table_name(table, k)} as c{k} on p.fe_{k} = c{k}.code"
        for k in range(n_fixed_effects)
    )
    expressions = {
        name: f"({expression})" + "".join(f" - c{k}.{name}" for k in range(n_fixed_effects))
        for name, expression in columns.items()
    }
    return f"{table} as p {joins}", expressions


def _group_means(
    connection, table: str, k: int, n_levels: int, columns: dict[str, str], others: list[int]
) -> np.ndarray:
    """Grouped means over fixed effect k of each column minus the ``others`` fixed effects."""
    joins = " ".join(
        f"join {coefficient_table_name(table, j)} as c{j} on p.fe_{j} = c{j}.code" for j in others
    )
    selected = ", ".join(
        f"avg(({expression})" + "".join(f" - c{j}.{name}" for j in others) + f") as {name}"
        for name, expression in columns.items()
    )
    result = connection.execute(
        f"select p.fe_{k} as code, {selected} from {table} as p {joins} group by p.fe_{k}"
    ).fetchnumpy()
    means = np.zeros((n_levels, len(columns)))
    codes = np.asarray(result["code"], dtype=np.int64)
    for j, column in enumerate(columns):
        means[codes, j] = np.asarray(result[column], dtype=float)
    return means


def _first_means(connection, table: str, n_levels: int, columns: dict[str, str]):
    """The first update (every coefficient still zero, so no join): fixed effect 0's grouped
    means of the columns, and each column's standard deviation pooled from the same scan."""
    selected = ", ".join(
        f"avg({expression}) as {name}, var_pop({expression}) as var_{name}"
        for name, expression in columns.items()
    )
    result = connection.execute(
        f"select p.fe_0 as code, count(*) as n, {selected} from {table} as p group by p.fe_0"
    ).fetchnumpy()
    codes = np.asarray(result["code"], dtype=np.int64)
    counts = np.asarray(result["n"], dtype=float)[:, None]
    group = np.column_stack([np.asarray(result[name], dtype=float) for name in columns])
    within = np.column_stack([np.asarray(result[f"var_{name}"], dtype=float) for name in columns])
    mean = (counts * group).sum(axis=0) / counts.sum()
    variance = (counts * (within + (group - mean) ** 2)).sum(axis=0) / counts.sum()
    means = np.zeros((n_levels, len(columns)))
    means[codes] = group
    return means, np.sqrt(variance)


def _sweep(connection, table, columns, level_counts, coefficients, first=False) -> list:
    """One block Gauss-Seidel pass over the fixed effects, each stored once updated; the
    ``first`` starts at fixed effect 1 (0 is done) and joins only the effects updated so far."""
    updated = list(coefficients)
    for k in range(1 if first else 0, len(level_counts)):
        others = [j for j in range(len(level_counts)) if j < k or (j > k and not first)]
        updated[k] = _group_means(connection, table, k, level_counts[k], columns, others)
        store_coefficients(connection, table, k, tuple(columns), updated[k])
    return updated


def _store_all(connection, table, columns, coefficients) -> None:
    for k, values in enumerate(coefficients):
        store_coefficients(connection, table, k, tuple(columns), values)


def _relative_change(old, new, scale: np.ndarray) -> float:
    """Largest absolute coefficient change of any column over its standard deviation."""
    return float(
        max((np.abs(n - o) / scale).max(initial=0.0) for o, n in zip(old, new, strict=True))
    )


def _irons_tuck(x0, x1, x2) -> list[np.ndarray]:
    """Irons-Tuck extrapolation of x0 -> x1 -> x2 = F(F(x0)), column by column."""
    flat = [np.concatenate(parts) for parts in (x0, x1, x2)]
    delta1 = flat[2] - flat[1]
    delta2 = flat[2] - 2 * flat[1] + flat[0]
    denominator = (delta2 * delta2).sum(axis=0)
    step = np.divide(
        (delta2 * delta1).sum(axis=0),
        denominator,
        out=np.zeros_like(denominator),
        where=denominator > 0,
    )
    accelerated = flat[2] - step * delta1
    bounds = np.cumsum([0] + [part.shape[0] for part in x0])
    return [accelerated[start:stop] for start, stop in zip(bounds[:-1], bounds[1:], strict=True)]


_ACCELERATE_EVERY = 3


def demean(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    level_counts: list[int],
    columns: dict[str, str],
    tolerance: float = 1e-8,
    max_iterations: int = 1000,
) -> Demeaned:
    """Fixed-effect coefficients of ``columns`` (name -> SQL expression over ``table`` aliased
    ``p``, with integer codes ``p.fe_0 ..`` of levels ``0 .. level_counts[k] - 1``) by
    accelerated alternating projections; leaves the coefficient tables stored for
    :func:`demeaned_sql`."""
    coefficients = [np.zeros((n, len(columns))) for n in level_counts]
    initial, scale = _first_means(connection, table, level_counts[0], columns)
    scale = np.maximum(scale, 1e-12)
    store_coefficients(connection, table, 0, tuple(columns), initial)
    iterations, change = 0, np.inf
    while iterations < max_iterations:
        if iterations == 0:  # fixed effect 0's update of the first sweep is done
            swept = _sweep(
                connection, table, columns, level_counts, [initial] + coefficients[1:], True
            )
        else:
            swept = _sweep(connection, table, columns, level_counts, coefficients)
        iterations += 1
        change = _relative_change(coefficients, swept, scale)
        if change < tolerance or len(level_counts) == 1:
            coefficients = swept
            change = 0.0 if len(level_counts) == 1 else change
            break
        if iterations % _ACCELERATE_EVERY == 0 and iterations < max_iterations:
            twice = _sweep(connection, table, columns, level_counts, swept)
            iterations += 1
            coefficients = _irons_tuck(coefficients, swept, twice)
            _store_all(connection, table, tuple(columns), coefficients)
        else:
            coefficients = swept
    converged = change < tolerance
    logger.info(
        "demeaned %d columns of %s over %d fixed effects: %d sweeps, relative change %.2e",
        len(columns),
        table,
        len(level_counts),
        iterations,
        change,
    )
    return Demeaned(tuple(columns), tuple(coefficients), iterations, change, tolerance, converged)
