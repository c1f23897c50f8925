"""One panel's rows as a DuckDB work table with integer fixed-effect codes, singletons dropped.

Columns of the work table: ``row_index``, ``fe_<k>`` (0-based code of fixed effect k; the
levels as text are in a small side table, ``<table>__levels<k>(code, level)``, so the table of
every row stays narrow), ``cluster_code``, ``is_holdout``, ``y`` (outcome), ``d_<s>`` (slope
variables) and ``x_<j>`` (features). A level observed once (a singleton) is dropped, as
pyfixest and fixest do by default, repeatedly until none is left: with its own fixed effect the
row is fitted exactly and carries no information on the slopes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from impactlytics.ad_panel.spec import AdPanelSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PanelTable:
    """A panel's work table and what the estimators need to know about it."""

    spec: AdPanelSpec
    table: str
    n_rows: int
    n_singletons: int
    level_counts: tuple[int, ...]
    n_clusters: int
    within_features: tuple[int, ...]
    """Indexes of the features that vary within the levels of every fixed effect (the others
    are absorbed by a fixed effect)."""
    nested_fixed_effects: tuple[int, ...]
    """Indexes of the fixed effects nested within clusters (for the small-sample correction)."""
    first_effect_features: tuple[str, ...]
    """Features constant within the first fixed effect's levels (user features): the default
    segment features."""

    @property
    def n_fixed_effects(self) -> int:
        return len(self.level_counts)

    def slope_sql(self, s: int) -> str:
        return f"p.d_{s}"

    def feature_sql(self, j: int) -> str:
        return f"p.x_{j}"

    def level_table(self, k: int) -> str:
        """The side table ``(code, level)`` of fixed effect k's levels (text)."""
        return level_table_name(self.table, k)

    def level_names(self, connection: duckdb.DuckDBPyConnection, k: int) -> list[str]:
        """Fixed effect k's levels as text, by code (0 .. level_counts[k] - 1)."""
        rows = connection.execute(
            f"select code, level from {self.level_table(k)}"
            f" where code < {self.level_counts[k]} order by code"
        ).fetchall()
        return [level for _, level in rows]


def level_table_name(table: str, k: int) -> str:
    return f"{table}__levels{k}"


def _count(connection: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(connection.execute(sql).fetchall()[0][0])


def build_panel_table(
    connection: duckdb.DuckDBPyConnection,
    rows_relation: str,
    spec: AdPanelSpec,
    ordered: bool = True,
) -> PanelTable:
    """Create the work table of ``spec`` from ``rows_relation`` (``int_ad_panel_rows``); with
    ``ordered`` its rows are sorted by ``row_index`` (the network reads row ranges; the linear
    stage only aggregates, so it skips the sort)."""
    table = f"ad_panel_work__{spec.name}"
    n_fe = len(spec.fixed_effects)
    source = f"(select * from {rows_relation} where panel_name = '{spec.name}')"
    keys = {level_table_name(table, k): f"fixed_effect_levels[{k + 1}]" for k in range(n_fe)}
    aliases = {name: f"fe_{k}" for k, name in enumerate(keys)}
    if spec.cluster in spec.fixed_effects:  # the same text levels, hence the same codes
        cluster = f"fe_{spec.fixed_effects.index(spec.cluster)}.code"
    else:
        keys[f"{table}__clusters"], aliases[f"{table}__clusters"] = "cluster_id", "cluster"
        cluster = "cluster.code"
    for name, expression in keys.items():  # codes by a join to the distinct levels, not a sort
        connection.execute(
            f"create or replace temp table {name} as select level,"
            " cast(row_number() over (order by level) - 1 as integer) as code"
            f" from (select distinct {expression} as level from {source})"
        )
    joins = " ".join(
        f"join {name} as {aliases[name]} on {expression} = {aliases[name]}.level"
        for name, expression in keys.items()
    )
    codes = ", ".join(f"fe_{k}.code as fe_{k}" for k in range(n_fe))
    slopes = ", ".join(f"slope_values[{s + 1}] as d_{s}" for s in range(len(spec.slopes)))
    features = ", ".join(f"feature_values[{j + 1}] as x_{j}" for j in range(len(spec.features)))
    insertion_order = connection.execute("select current_setting('preserve_insertion_order')")
    insertion_order = insertion_order.fetchall()[0][0]
    connection.execute(f"set preserve_insertion_order = {ordered}")  # else ~25% slower
    connection.execute(
        f"create or replace temp table {table} as select row_index, {codes},"
        f" {cluster} as cluster_code, is_holdout, outcome_value as y, {slopes},"
        f" {features} from {source} as p {joins}" + (" order by row_index" if ordered else "")
    )
    connection.execute(f"set preserve_insertion_order = {insertion_order}")
    connection.execute(f"drop table if exists {table}__clusters")
    n_input = _count(connection, f"select count(*) from {table}")
    while True:  # each fixed effect's structure in one scan; singletons dropped until none
        structure = [
            _level_structure(connection, table, k, len(spec.features)) for k in range(n_fe)
        ]
        if not any(level.singletons for level in structure):
            break
        singleton = " or ".join(
            f"fe_{k} in (select fe_{k} from {table} group by fe_{k} having count(*) = 1)"
            for k in range(n_fe)
        )
        connection.execute(f"delete from {table} where {singleton}")
    n_rows = _count(connection, f"select count(*) from {table}")
    level_counts = tuple(level.levels for level in structure)
    logger.info(
        "ad panel %s: %d rows, %d singleton rows dropped, levels %s",
        spec.name,
        n_rows,
        n_input - n_rows,
        dict(zip(spec.fixed_effects, level_counts, strict=True)),
    )
    return PanelTable(
        spec=spec,
        table=table,
        n_rows=n_rows,
        n_singletons=n_input - n_rows,
        level_counts=level_counts,
        n_clusters=_count(connection, f"select count(distinct cluster_code) from {table}"),
        within_features=tuple(
            j for j in range(len(spec.features)) if all(level.varying[j] > 0 for level in structure)
        ),
        first_effect_features=tuple(
            feature for j, feature in enumerate(spec.features) if structure[0].varying[j] == 0
        ),
        nested_fixed_effects=tuple(k for k in range(n_fe) if structure[k].spanning == 0),
    )


@dataclass(frozen=True)
class _LevelStructure:
    levels: int
    """1 + the largest code (codes of dropped levels stay unused)."""
    singletons: int
    """Levels seen once."""
    varying: list[int]
    """Per feature, how many levels it varies within."""
    spanning: int
    """Levels that span more than one cluster (0: nested in the clusters)."""


def _level_structure(connection, table: str, k: int, n_features: int) -> _LevelStructure:
    """Fixed effect k's levels, singletons, within-level variation and nesting, in one scan."""
    counts = ["coalesce(max(code), -1) + 1", "count(*) filter (where n = 1)"]
    counts += ["count(*) filter (where high_cluster > low_cluster)"]
    counts += [f"count(*) filter (where high_{j} > low_{j})" for j in range(n_features)]
    levels = [
        "count(*) as n",
        "max(cluster_code) as high_cluster",
        "min(cluster_code) as low_cluster",
    ]
    levels += [f"max(x_{j}) as high_{j}, min(x_{j}) as low_{j}" for j in range(n_features)]
    row = connection.execute(
        f"select {', '.join(counts)} from (select fe_{k} as code, {', '.join(levels)}"
        f" from {table} group by fe_{k})"
    ).fetchall()[0]
    return _LevelStructure(int(row[0]), int(row[1]), [int(v) for v in row[3:]], int(row[2]))


def drop_panel_table(connection: duckdb.DuckDBPyConnection, panel: PanelTable) -> None:
    connection.execute(f"drop table if exists {panel.table}")
    for k in range(panel.n_fixed_effects):
        connection.execute(f"drop table if exists {panel.level_table(k)}")
