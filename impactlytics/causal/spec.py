"""The declared study: what the `studies` dbt var holds, one row of `int_studies_declared`."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class StudySpec:
    """A causal study as declared in the dbt var `studies` (see the README for the keys)."""

    name: str
    data: str
    unit: str
    treatment: str
    outcomes: tuple[str, ...]
    covariates: tuple[str, ...]
    categorical: tuple[str, ...] = ()
    estimand: str = "ATE"
    where: str | None = None
    trim: float = 0.01

    @classmethod
    def from_json(cls, text: str) -> StudySpec:
        """Build a spec from the `spec_json` column of `int_studies_declared`."""
        raw = json.loads(text)
        return cls(
            name=raw["name"],
            data=raw["data"],
            unit=raw["unit"],
            treatment=raw["treatment"],
            outcomes=tuple(raw["outcomes"]),
            covariates=tuple(raw["covariates"]),
            categorical=tuple(raw.get("categorical") or ()),
            estimand=raw.get("estimand", "ATE"),
            where=raw.get("where"),
            trim=float(raw.get("trim", 0.01)),
        )

    @property
    def label(self) -> str:
        """How error messages and logs name the study and its input table."""
        return f"study '{self.name}' (data {self.data})"
