"""A declared media mix as the config table carries it (`int_media_mixes_declared.spec_json`),
already validated and completed with defaults by the `declared_media_mixes` macro."""

from __future__ import annotations

import json
from dataclasses import dataclass

from impactlytics.media_mix.model import Candidate

HOURS_PER_PERIOD = {"hour": 1, "day": 24}


@dataclass(frozen=True)
class MediaMixSpec:
    name: str
    grain: str
    channels: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    cv_folds: int
    bootstrap_draws: int
    bootstrap_block_days: int
    validation_days: int
    test_days: int
    budget_total: float | None
    budget_bounds: dict[str, tuple[float, float]]
    budget_fixed: frozenset[str]

    @property
    def hours_per_period(self) -> int:
        return HOURS_PER_PERIOD[self.grain]

    @property
    def periods_per_day(self) -> int:
        return 24 // self.hours_per_period

    @classmethod
    def from_json(cls, text: str) -> MediaMixSpec:
        spec = json.loads(text)
        budget = spec["budget"]
        return cls(
            name=spec["name"],
            grain=spec["grain"],
            channels=tuple(spec["channels"]),
            candidates=tuple(Candidate(**candidate) for candidate in spec["cv_candidates"]),
            cv_folds=int(spec["cv_folds"]),
            bootstrap_draws=int(spec["bootstrap_draws"]),
            bootstrap_block_days=int(spec["bootstrap_block_days"]),
            validation_days=int(spec["validation_days"]),
            test_days=int(spec["test_days"]),
            budget_total=budget.get("total"),
            budget_bounds={k: tuple(v) for k, v in (budget.get("bounds") or {}).items()},
            budget_fixed=frozenset(budget.get("fixed") or []),
        )
