"""What the ad-panel dbt Python models return: long estimate records and per-row slopes."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd

from impactlytics.ad_panel.fits import (
    RECORD_SCHEMA,
    linear_fe_records,
    network_predictions,
    network_records,
)
from impactlytics.ad_panel.panel import build_panel_table, drop_panel_table
from impactlytics.ad_panel.spec import declared_panels
from impactlytics.frames import typed_frame

logger = logging.getLogger(__name__)

ROWS_VIEW = "ad_panel_rows_input"
PREDICTIONS_TABLE = "ad_panel_network_predictions"


def linear_fits_table(
    connection: duckdb.DuckDBPyConnection, declared: pd.DataFrame
) -> pd.DataFrame:
    """The linear FE stage of every declared panel, as records (``RECORD_SCHEMA``)."""
    records = []
    for spec in declared_panels(declared):
        panel = build_panel_table(connection, ROWS_VIEW, spec, ordered=False)
        records += linear_fe_records(connection, panel)
        drop_panel_table(connection, panel)
    return typed_frame(records, RECORD_SCHEMA)


def network_slopes_relation(
    connection: duckdb.DuckDBPyConnection,
    declared: pd.DataFrame,
    linear: pd.DataFrame,
    random_state: int,
) -> duckdb.DuckDBPyRelation:
    """Per panel and row: the network's slopes (one per slope variable, declared order), its
    g(X), and the training's epochs and hold-out RMSE."""
    connection.execute(
        f"create or replace temp table {PREDICTIONS_TABLE} (panel_name varchar, row_index bigint,"
        " slope_values double[], g_value double, training_epochs double, holdout_rmse double)"
    )
    for spec in declared_panels(declared):
        panel = build_panel_table(connection, ROWS_VIEW, spec)
        own = linear[linear["panel_name"] == spec.name]
        trained = network_predictions(connection, panel, own, random_state, "ad_panel_one_panel")
        slopes = ", ".join(f"beta_{s}" for s in range(len(spec.slopes)))
        connection.execute(
            f"insert into {PREDICTIONS_TABLE} select '{spec.name}', row_index, [{slopes}],"
            f" g_hat, {trained.epochs!r}, {trained.validation_rmse!r} from ad_panel_one_panel"
        )
        connection.execute("drop table ad_panel_one_panel")
        drop_panel_table(connection, panel)
    return connection.sql(f"select * from {PREDICTIONS_TABLE}")


def network_fits_table(
    connection: duckdb.DuckDBPyConnection, declared: pd.DataFrame, slopes_relation: str
) -> pd.DataFrame:
    """The network's debiased functionals, fixed effects and fit of every panel, as records."""
    records = []
    for spec in declared_panels(declared):
        records += _network_fit_records(connection, spec, slopes_relation)
    return typed_frame(records, RECORD_SCHEMA)


def _network_fit_records(connection, spec, slopes_relation: str) -> list[dict]:
    panel = build_panel_table(connection, ROWS_VIEW, spec)
    columns = ", ".join(f"slope_values[{s + 1}] as beta_{s}" for s in range(len(spec.slopes)))
    connection.execute(
        f"create or replace temp table ad_panel_one_panel as select row_index, {columns},"
        f" g_value as g_hat from {slopes_relation} where panel_name = '{spec.name}'"
    )
    epochs = connection.execute(
        f"select max(training_epochs) from {slopes_relation} where panel_name = '{spec.name}'"
    ).fetchall()[0][0]
    records = network_records(connection, panel, "ad_panel_one_panel", float(epochs))
    connection.execute("drop table ad_panel_one_panel")
    drop_panel_table(connection, panel)
    return records
