"""The FastAPI app: prediction, batch, options, optimizer, health, and the planner page at `/`.

No `from __future__ import annotations` here: FastAPI reads the request models, built at app
creation from the warehouse's labels, from the endpoints' evaluated annotations.
"""

from importlib import resources
from pathlib import Path

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse

from impactlytics.campaigns.forecasts import forecast_frame
from impactlytics.campaigns.optimizer import optimize_plan
from impactlytics.serve.responses import prediction_response, totals
from impactlytics.serve.schemas import (
    MAX_TOTAL_SPEND,
    BatchResponse,
    HealthResponse,
    OptimizeResponse,
    OptionsResponse,
    PredictionResponse,
    ValidationErrorResponse,
    request_models,
)
from impactlytics.serve.warehouse import load_served_model

PLANNER_PAGE = resources.files("impactlytics.serve").joinpath("static/planner.html")
INVALID = {422: {"model": ValidationErrorResponse, "description": "Invalid request, by field"}}


def problems(found: list[tuple[tuple, str, str]]) -> dict:
    """The 422 body: {"status": "error", "detail": [{"field", "loc", "msg", "type"}, ...]}."""
    detail = [
        {
            "field": ".".join(str(part) for part in loc[1:]) or "body",
            "loc": [str(part) for part in loc],
            "msg": msg,
            "type": kind,
        }
        for loc, msg, kind in found
    ]
    return {"status": "error", "detail": detail}


def create_app(db_path: Path) -> FastAPI:
    """The API over the warehouse at `db_path` (opened read-only once, at creation)."""
    served = load_served_model(db_path)
    predictor = served.predictor
    models = request_models(served.options)
    campaign_request, batch_request, optimize_request = (
        models["campaign"],
        models["batch"],
        models["optimize"],
    )
    app = FastAPI(
        title="Impactlytics campaign predictor",
        description=(
            "Impressions and engagement to expect before launch, with split-conformal "
            f"prediction intervals. total_spend is a JSON number in (0, {MAX_TOTAL_SPEND:,.0f}]."
        ),
        version="1",
    )
    page = PLANNER_PAGE.read_text(encoding="utf-8")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        """422 naming each bad field; unlike FastAPI's default it never echoes the input, which
        may hold NaN or Infinity and could not be written as JSON."""
        found = [(problem["loc"], problem["msg"], problem["type"]) for problem in error.errors()]
        return JSONResponse(status_code=422, content=problems(found))

    def forecasts_of(plans: list) -> pd.DataFrame:
        return forecast_frame(predictor, pd.DataFrame([plan.model_dump() for plan in plans]))

    @app.post("/api/predict", response_model=PredictionResponse, responses=INVALID)
    async def predict(request: campaign_request) -> dict:
        """Forecast one campaign."""
        return prediction_response(forecasts_of([request]).iloc[0], predictor)

    @app.post("/api/predict/batch", response_model=BatchResponse, responses=INVALID)
    async def predict_batch(request: batch_request) -> dict:
        """Forecast several campaigns at once."""
        forecasts = forecasts_of(request.campaigns)
        return {"results": [prediction_response(row, predictor) for _, row in forecasts.iterrows()]}

    @app.post("/api/optimize", response_model=OptimizeResponse, responses=INVALID)
    def optimize(request: optimize_request) -> dict | JSONResponse:
        """Split total_budget over the campaigns to maximize the predicted total of `target`,
        each campaign's share within [min_share, max_share], on a 0.5% grid."""
        plans = pd.DataFrame([plan.model_dump() for plan in request.campaigns])
        try:
            allocated = optimize_plan(predictor, plans, request.total_budget, request.target)
        except ValueError as error:
            return JSONResponse(
                status_code=422,
                content=problems([(("body", "campaigns"), str(error), "value_error")]),
            )
        return {
            "status": "success",
            "target": request.target,
            "total_budget": request.total_budget,
            "allocations": [
                {**prediction_response(row, predictor), "share": float(row["share"])}
                for _, row in allocated.iterrows()
            ],
            "totals": totals(allocated),
        }

    @app.get("/api/options", response_model=OptionsResponse)
    def options() -> dict:
        """The valid labels of each option field."""
        return {
            "platforms": served.options["platform"],
            "campaign_types": served.options["campaign_type"],
            "content_types": served.options["content_type"],
        }

    @app.get("/health", response_model=HealthResponse)
    def health() -> dict:
        return {
            "status": "healthy",
            "model": predictor.model,
            "n_training_campaigns": served.n_training_campaigns,
        }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def planner() -> str:
        return page

    return app
