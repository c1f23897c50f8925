"""The declared campaign predictor, as int_campaign_predictor_declared carries it."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class PredictorSpec:
    """One normalized `campaign_predictor` declaration (see macro declared_campaign_predictor)."""

    name: str
    data: str
    confidence_level: float = 0.95
    test_share: float = 0.2
    calibration_share: float = 0.2
    spend_levels: int = 20
    interval_group: str | None = None

    @classmethod
    def from_json(cls, text: str) -> PredictorSpec:
        return cls(**json.loads(text))

    @property
    def label(self) -> str:
        """How error messages name the analysis and its input."""
        return f"analysis '{self.name}' (data {self.data})"
