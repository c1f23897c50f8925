"""The served model, rebuilt from the published warehouse opened read-only.

Nothing is unpickled: the selected model is refitted from the warehouse's train and
calibration rows with the recorded model name and seed (a deterministic fit), then checked to
reproduce every row of fct_campaign_forecasts before it serves a request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from impactlytics.campaigns.features import OPTION_COLUMNS
from impactlytics.campaigns.forecasts import FORECAST_COLUMNS, forecast_frame
from impactlytics.campaigns.predictor import CampaignPredictor
from impactlytics.campaigns.tables import selected_predictor

logger = logging.getLogger(__name__)

_QUERIES = {
    "predictors": "select * from int_campaign_predictor_declared",
    "campaigns": "select * from int_campaigns_featurized",
    "metrics": "select * from fct_campaign_model_metrics",
    "options": "select * from dim_campaign_options order by option_field, option_value",
    "forecasts": "select * from fct_campaign_forecasts",
}


class WarehouseModelError(RuntimeError):
    """The warehouse cannot serve the campaign predictor."""


@dataclass(frozen=True)
class ServedModel:
    """The refitted predictor, the valid option values (field -> labels) and its provenance."""

    predictor: CampaignPredictor
    options: dict[str, list[str]]
    n_training_campaigns: int
    db_path: Path


def read_tables(db_path: Path) -> dict[str, pd.DataFrame]:
    """The tables the predictor needs, read from the warehouse opened read-only."""
    if not Path(db_path).exists():
        raise WarehouseModelError(f"warehouse {db_path} does not exist; run `make demo` first")
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return {name: connection.sql(query).df() for name, query in _QUERIES.items()}


def check_reproduces(predictor: CampaignPredictor, forecasts: pd.DataFrame) -> None:
    """Raise WarehouseModelError unless the predictor gives fct_campaign_forecasts' numbers."""
    refitted = forecast_frame(predictor, forecasts)
    expected = forecasts[list(FORECAST_COLUMNS)].to_numpy(dtype=np.float64)
    actual = refitted[list(FORECAST_COLUMNS)].to_numpy(dtype=np.float64)
    if not np.allclose(actual, expected, rtol=1e-9, atol=1e-9, equal_nan=True):
        raise WarehouseModelError(
            "the refitted model does not reproduce fct_campaign_forecasts; rebuild the "
            "warehouse with this version of impactlytics"
        )


def load_served_model(db_path: Path) -> ServedModel:
    """Refit and verify the warehouse's selected campaign model."""
    tables = read_tables(db_path)
    predictor = selected_predictor(tables["predictors"], tables["campaigns"], tables["metrics"])
    if predictor is None:
        raise WarehouseModelError(f"warehouse {db_path} declares no campaign predictor")
    check_reproduces(predictor, tables["forecasts"])
    options = tables["options"].groupby("option_field")["option_value"].apply(sorted).to_dict()
    logger.info("serving %s from %s", predictor.model, db_path)
    return ServedModel(
        predictor=predictor,
        options={field: options.get(field, []) for field in OPTION_COLUMNS},
        n_training_campaigns=int((tables["campaigns"]["split"] == "train").sum()),
        db_path=Path(db_path),
    )
