"""A declared ad panel (one entry of the dbt var ``ad_panels``), as the config table carries it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class AdPanelSpec:
    """Columns and fitting options of one panel; defaults are filled in by the dbt macro
    ``declared_ad_panels``."""

    name: str
    outcome: str
    slopes: tuple[str, ...]
    features: tuple[str, ...]
    fixed_effects: tuple[str, ...]
    cluster: str
    vendor: str
    segment_features: tuple[str, ...]
    segment_groups: int
    holdout_share: float
    demean_tolerance: float
    demean_max_iterations: int
    max_epochs: int
    epoch_rows: int
    patience: int
    batch_size: int | None
    cross_fit_folds: int

    @classmethod
    def from_json(cls, spec_json: str) -> AdPanelSpec:
        spec = json.loads(spec_json)
        listed = ("slopes", "features", "fixed_effects", "segment_features")
        return cls(
            **{
                key: tuple(spec[key]) if key in listed else spec[key]
                for key in cls.__dataclass_fields__
            }
        )


def declared_panels(declared: pd.DataFrame) -> list[AdPanelSpec]:
    """Specs of every row of ``int_ad_panels_declared``, in name order."""
    return [AdPanelSpec.from_json(spec) for spec in declared.sort_values("panel_name")["spec_json"]]
