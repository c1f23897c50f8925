"""The declared rollout: what the `rollouts` dbt var holds, one row of `int_rollouts_declared`."""

from __future__ import annotations

import json
from dataclasses import dataclass

CONTROL_GROUPS: tuple[str, ...] = ("never_treated", "not_yet_treated")


@dataclass(frozen=True)
class RolloutSpec:
    """A rollout as declared in the dbt var `rollouts` (see the README for the keys)."""

    name: str
    data: str
    unit: str
    period: str
    exposure: str
    outcomes: tuple[str, ...]
    covariates: tuple[str, ...] = ()
    categorical: tuple[str, ...] = ()
    cluster: str | None = None
    weight: str | None = None
    control_group: str = "never_treated"

    def __post_init__(self) -> None:
        if self.control_group not in CONTROL_GROUPS:
            raise ValueError(f"control_group must be one of {CONTROL_GROUPS}")

    @classmethod
    def from_json(cls, text: str) -> RolloutSpec:
        """Build a spec from the `spec_json` column of `int_rollouts_declared`."""
        raw = json.loads(text)
        return cls(
            name=raw["name"],
            data=raw["data"],
            unit=raw["unit"],
            period=raw["period"],
            exposure=raw["exposure"],
            outcomes=tuple(raw["outcomes"]),
            covariates=tuple(raw.get("covariates") or ()),
            categorical=tuple(raw.get("categorical") or ()),
            cluster=raw.get("cluster"),
            weight=raw.get("weight"),
            control_group=raw.get("control_group") or "never_treated",
        )

    @property
    def label(self) -> str:
        """How error messages and logs name the rollout and its input."""
        return f"rollout '{self.name}' (data {self.data})"
