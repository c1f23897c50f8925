"""The network's debiased average, vendor, segment and counterfactual slopes, FEs and fit."""

from impactlytics.ad_panel.tables import ROWS_VIEW, network_fits_table
from impactlytics.progress import log_progress_to_stderr

SLOPES_VIEW = "ad_panel_network_slopes_input"


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    dbt.ref("int_ad_panel_rows").create_view(ROWS_VIEW, replace=True)
    dbt.ref("ad_panel_network_slopes").create_view(SLOPES_VIEW, replace=True)
    return network_fits_table(session, dbt.ref("int_ad_panels_declared").df(), SLOPES_VIEW)
