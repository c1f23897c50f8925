"""Request and response bodies of the API; option fields accept exactly the warehouse's labels."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

MAX_TOTAL_SPEND = 10_000_000.0
"""Ceiling of `total_spend` and `total_budget`, currency units."""
MAX_BATCH = 100
"""Most campaigns in one batch or optimization request."""

Spend = Annotated[
    float,
    Field(
        strict=True,
        gt=0,
        le=MAX_TOTAL_SPEND,
        allow_inf_nan=False,
        description=f"JSON number > 0 and <= {MAX_TOTAL_SPEND:,.0f}",
    ),
]
Share = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


class Strict(BaseModel):
    """Unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


class Interval(BaseModel):
    lower: int
    upper: int
    range: str


class CostInterval(BaseModel):
    lower: float | None
    upper: float | None


class ConfidenceIntervals(BaseModel):
    impressions: Interval
    engagement: Interval
    cpm: CostInterval
    cost_per_engagement: CostInterval
    confidence_level: str
    description: str


class Predictions(BaseModel):
    impressions: int
    engagement: int
    engagement_rate: float | None
    engagement_rate_pct: str | None


class UnitCosts(BaseModel):
    cpm: float | None
    cost_per_engagement: float | None


class ModelInfo(BaseModel):
    name: str
    interval_method: str


class PredictionResponse(BaseModel):
    status: str
    input: dict[str, float | str]
    predictions: Predictions
    metrics: UnitCosts
    confidence_intervals: ConfidenceIntervals
    model: ModelInfo


class BatchResponse(BaseModel):
    results: list[PredictionResponse]


class Allocation(PredictionResponse):
    share: float


class Totals(BaseModel):
    total_spend: float
    impressions: int
    engagement: int
    cpm: float | None
    cost_per_engagement: float | None


class OptimizeResponse(BaseModel):
    status: str
    target: str
    total_budget: float
    allocations: list[Allocation]
    totals: Totals


class OptionsResponse(BaseModel):
    platforms: list[str]
    campaign_types: list[str]
    content_types: list[str]


class Problem(BaseModel):
    field: str
    loc: list[str]
    msg: str
    type: str


class ValidationErrorResponse(BaseModel):
    status: str
    detail: list[Problem]


class HealthResponse(BaseModel):
    status: str
    model: str
    n_training_campaigns: int


def request_models(options: dict[str, list[str]]) -> dict[str, type[BaseModel]]:
    """Request bodies for these option labels: CampaignRequest, BatchRequest, OptimizeRequest."""
    labels = {field: (Literal[tuple(values)], ...) for field, values in options.items()}
    campaign = create_model("CampaignRequest", __base__=Strict, total_spend=(Spend, ...), **labels)
    batch = create_model(
        "BatchRequest",
        __base__=Strict,
        campaigns=(Annotated[list[campaign], Field(min_length=1, max_length=MAX_BATCH)], ...),
    )
    planned = create_model(
        "PlannedCampaign",
        __base__=Strict,
        **labels,
        min_share=(Share, 0.0),
        max_share=(Share, 1.0),
    )
    optimize = create_model(
        "OptimizeRequest",
        __base__=OptimizeBounds,
        total_budget=(Spend, ...),
        target=(Literal["engagement", "impressions"], "engagement"),
        campaigns=(Annotated[list[planned], Field(min_length=1, max_length=MAX_BATCH)], ...),
    )
    return {"campaign": campaign, "batch": batch, "optimize": optimize}


class OptimizeBounds(Strict):
    """Checks that the campaigns' share bounds can add up to the whole budget."""

    @field_validator("campaigns", check_fields=False)
    @classmethod
    def _shares_add_up(cls, campaigns: list) -> list:
        low = sum(c.min_share for c in campaigns)
        high = sum(c.max_share for c in campaigns)
        if low > 1 or high < 1:
            raise ValueError(
                f"min_share values add up to {low:g} and max_share values to {high:g}; the "
                "budget needs sum(min_share) <= 1 <= sum(max_share)"
            )
        if any(c.min_share > c.max_share for c in campaigns):
            raise ValueError("a min_share is larger than its max_share")
        return campaigns
