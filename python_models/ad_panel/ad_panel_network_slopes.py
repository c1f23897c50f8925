"""The dual network's slope beta(X) and g(X) for every row of every declared ad panel."""

from impactlytics.ad_panel.tables import ROWS_VIEW, network_slopes_relation
from impactlytics.progress import log_progress_to_stderr


def model(dbt, session):
    dbt.config(materialized="table")
    log_progress_to_stderr()
    dbt.ref("int_ad_panel_rows").create_view(ROWS_VIEW, replace=True)
    return network_slopes_relation(
        session,
        dbt.ref("int_ad_panels_declared").df(),
        dbt.ref("ad_panel_linear_fits").df(),
        int(dbt.config.meta_get("random_state")),
    )
