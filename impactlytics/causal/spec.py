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
    trim: float | str | None = None  # None: the estimand's default rule (see causal.overlap)
    cate_learners: tuple[str, ...] | None = None  # None: every learner of causal.cate
    cate_groups: int = 5  # quantile groups of predicted CATE (GATES)
    refutation_estimator: str = "aipw"  # the estimator the refuters re-run
    refutation_repeats: int = 2  # draws of the placebo treatment and of the 80% subsets
    refutation_max_units: int = 20_000  # refutations run on a random sample of at most this

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
            trim=raw.get("trim"),
            cate_learners=tuple(raw["cate_learners"]) if raw.get("cate_learners") else None,
            cate_groups=int(raw.get("cate_groups") or 5),
            refutation_estimator=raw.get("refutation_estimator") or "aipw",
            refutation_repeats=int(raw.get("refutation_repeats") or 2),
            refutation_max_units=int(raw.get("refutation_max_units") or 20_000),
        )

    @property
    def label(self) -> str:
        """How error messages and logs name the study and its input table."""
        return f"study '{self.name}' (data {self.data})"
