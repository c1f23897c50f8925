"""The featurized campaigns split into train, calibration and test rows, checked before fitting."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from impactlytics.campaigns.features import targets_of
from impactlytics.campaigns.predictor import CampaignPredictor
from impactlytics.campaigns.spec import PredictorSpec

MIN_TRAIN_ROWS = 50
SPLITS: tuple[str, ...] = ("train", "calibration", "test")


class CampaignInputError(ValueError):
    """Campaign rows that cannot be modelled as declared."""


@dataclass(frozen=True)
class CampaignSplits:
    """Rows of int_campaigns_featurized per split, each sorted by campaign_id (so fits are
    reproducible whatever order the warehouse returns them in)."""

    train: pd.DataFrame
    calibration: pd.DataFrame
    test: pd.DataFrame


def split_campaigns(spec: PredictorSpec, campaigns: pd.DataFrame) -> CampaignSplits:
    """Split featurized rows by their `split` column; raises CampaignInputError naming the
    analysis when a split is too small to fit, calibrate at the declared level or evaluate."""
    parts = {
        name: campaigns[campaigns["split"] == name].sort_values("campaign_id", ignore_index=True)
        for name in SPLITS
    }
    min_calibration = math.ceil(1 / (1 - spec.confidence_level) - 1 - 1e-9)
    minimum = {"train": MIN_TRAIN_ROWS, "calibration": min_calibration, "test": 1}
    for name, rows in parts.items():
        if len(rows) < minimum[name]:
            raise CampaignInputError(
                f"{spec.label}: {len(rows)} {name} rows (column 'campaign_id' hashed into splits), "
                f"at least {minimum[name]} needed; add campaigns or change the split shares"
            )
    if spec.interval_group is not None:
        column = spec.interval_group
        counts = parts["calibration"][column].value_counts()
        for label in sorted(set(parts["train"][column])):
            if counts.get(label, 0) < min_calibration:
                raise CampaignInputError(
                    f"{spec.label}: column '{column}' (interval_group) has {counts.get(label, 0)} "
                    f"calibration rows labelled {label!r}, at least {min_calibration} needed; "
                    "add campaigns or set interval_group: null"
                )
    return CampaignSplits(**parts)


def fit_predictor(
    spec: PredictorSpec, splits: CampaignSplits, model: str, random_state: int
) -> CampaignPredictor:
    """`model` fitted on the train rows with intervals calibrated on the calibration rows, at the
    spec's confidence level and per its interval group."""
    predictor = CampaignPredictor(model, spec.confidence_level, random_state, spec.interval_group)
    return predictor.fit(
        splits.train, targets_of(splits.train), splits.calibration, targets_of(splits.calibration)
    )
