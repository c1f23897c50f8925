"""Small simulated panels loaded into DuckDB the way int_ad_panel_rows shapes them."""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd

from impactlytics.ad_panel.spec import AdPanelSpec
from impactlytics.simulate.ad_panel import AdPanelShape, simulate_ad_panel_chunks

FEATURES = ("user_age", "user_tenure", "vendor_rating", "vendor_size")
FIXED_EFFECTS = ("user_id", "vendor_id", "period")


def simulated_frame(n_rows=4_000, n_users=300, n_vendors=60, n_periods=10, seed=3) -> pd.DataFrame:
    shape = AdPanelShape(n_rows, n_users, n_vendors, n_periods)
    return pd.concat([raw for raw, _ in simulate_ad_panel_chunks(shape, seed)], ignore_index=True)


def panel_spec(**overrides) -> AdPanelSpec:
    spec = AdPanelSpec(
        name="test_panel",
        outcome="revenue",
        slopes=("clicks",),
        features=FEATURES,
        fixed_effects=FIXED_EFFECTS,
        cluster="user_id",
        vendor="vendor_id",
        segment_features=(),
        segment_groups=4,
        holdout_share=0.1,
        demean_tolerance=1e-10,
        demean_max_iterations=1000,
        max_epochs=3,
        epoch_rows=1_000_000,
        patience=2,
        batch_size=None,
        cross_fit_folds=2,
    )
    return dataclasses.replace(spec, **overrides)


def load_rows(frame: pd.DataFrame, spec: AdPanelSpec) -> duckdb.DuckDBPyConnection:
    """A connection holding ``rows`` shaped like int_ad_panel_rows for ``spec``."""
    connection = duckdb.connect()
    connection.register("frame", frame)
    array = ", ".join
    connection.execute(
        f"create table rows as select '{spec.name}' as panel_name,"
        " cast(row_id as varchar) as row_id, row_number() over (order by row_id) - 1 as row_index,"
        f" cast({spec.outcome} as double) as outcome_value,"
        f" [{array(f'cast({s} as double)' for s in spec.slopes)}] as slope_values,"
        f" [{array(f'cast({f} as double)' for f in spec.features)}] as feature_values,"
        f" [{array(f'cast({k} as varchar)' for k in spec.fixed_effects)}] as fixed_effect_levels,"
        f" cast({spec.cluster} as varchar) as cluster_id,"
        f" hash(cast({spec.fixed_effects[0]} as varchar)) % 10000 < {int(spec.holdout_share * 1e4)}"
        " as is_holdout from frame"
    )
    connection.unregister("frame")
    return connection
