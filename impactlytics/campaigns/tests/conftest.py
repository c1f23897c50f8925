"""Small simulated campaigns shaped like int_campaigns_featurized, for the library tests, and
the campaign domain built once per test session, for the dbt and API tests."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from impactlytics.simulate.campaigns import ENGAGEMENT_PARTS, simulate_campaigns
from impactlytics.simulate.writer import write_campaigns
from impactlytics.testing.dbt_project import ScratchWarehouse


def featurized(n: int, seed: int) -> pd.DataFrame:
    """Simulated campaigns with engagement, log1p columns and a random 60/20/20 split."""
    raw, _, _ = simulate_campaigns(n, seed)
    frame = raw.drop(columns=list(ENGAGEMENT_PARTS))
    frame["engagement"] = raw[list(ENGAGEMENT_PARTS)].sum(axis=1)
    for column, source in [
        ("log_spend", "total_spend"),
        ("log_impressions", "impressions"),
        ("log_engagement", "engagement"),
    ]:
        frame[column] = np.log1p(frame[source].to_numpy(dtype=np.float64))
    draw = np.random.default_rng([seed, 1]).random(n)  # not the simulator's stream
    frame["split"] = np.where(draw < 0.2, "test", np.where(draw < 0.4, "calibration", "train"))
    return frame


def declared(**spec) -> pd.DataFrame:
    """An int_campaign_predictor_declared row."""
    full = {"name": "campaign_predictor", "data": "simulated", **spec}
    return pd.DataFrame({"analysis_name": [full["name"]], "spec_json": [json.dumps(full)]})


@pytest.fixture(scope="session")
def campaigns() -> pd.DataFrame:
    return featurized(1500, seed=11)


def campaign_warehouse(factory: pytest.TempPathFactory) -> ScratchWarehouse:
    """1,000 simulated campaigns through `dbt build --selector campaigns` (data and unit tests
    included), built once per session: the campaign domain alone, so its tests do not wait for
    the whole demo project."""
    return _built_under(factory.getbasetemp())


@functools.cache
def _built_under(base: Path) -> ScratchWarehouse:
    root = base / "campaign_warehouse"
    warehouse = ScratchWarehouse(root / "data", root / "campaigns.duckdb")
    write_campaigns(warehouse.data_dir, seed=5, scale="small")
    run = warehouse.dbt("build", "--selector", "campaigns")
    assert run.ok, run.output
    return warehouse
