"""The exact linear fixed-effects estimator of every declared ad panel (SQL demeaning, CRV1)."""

from impactlytics.ad_panel.tables import ROWS_VIEW, linear_fits_table
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    dbt.ref("int_ad_panel_rows").create_view(ROWS_VIEW, replace=True)
    return linear_fits_table(session, dbt.ref("int_ad_panels_declared").df())
