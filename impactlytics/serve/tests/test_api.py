"""The API through an ASGI client: the original shapes, the warehouse's numbers, strict input."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pandas as pd
import pytest

from impactlytics.cli import main
from impactlytics.serve.schemas import MAX_BATCH, MAX_TOTAL_SPEND
from impactlytics.serve.warehouse import WarehouseModelError, load_served_model

FIELDS = ("platform", "campaign_type", "content_type")


@pytest.fixture(scope="module")
def forecasts(warehouse) -> pd.DataFrame:
    return warehouse.query("select * from fct_campaign_forecasts order by all")


@pytest.fixture(scope="module")
def valid(forecasts) -> dict:
    row = forecasts.iloc[0]
    return {"total_spend": 10_000, **{field: row[field] for field in FIELDS}}


def test_predict_has_the_original_shape(client, valid):
    response = client.post("/api/predict", json=valid)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["input"] == {**valid, "total_spend": 10_000.0}
    assert set(body["predictions"]) == {
        "impressions",
        "engagement",
        "engagement_rate",
        "engagement_rate_pct",
    }
    assert set(body["metrics"]) == {"cpm", "cost_per_engagement"}
    intervals = body["confidence_intervals"]
    assert intervals["confidence_level"] == "95%"
    for target in ("impressions", "engagement"):
        interval = intervals[target]
        assert interval["lower"] <= body["predictions"][target] <= interval["upper"]
        assert interval["range"] == f"{interval['lower']:,} - {interval['upper']:,}"
    assert body["model"]["interval_method"] == "split_conformal"
    cpm = intervals["cpm"]
    assert cpm["lower"] <= body["metrics"]["cpm"] <= cpm["upper"]
    spend, cost_per_engagement = 10_000, intervals["cost_per_engagement"]
    assert cost_per_engagement["lower"] == pytest.approx(
        spend / intervals["engagement"]["upper"], abs=0.01
    )
    rate = body["predictions"]["engagement_rate"]
    assert body["predictions"]["engagement_rate_pct"] == f"{rate:.2%}"


def test_predictions_equal_the_warehouse_forecasts(client, forecasts):
    rows = forecasts.sample(40, random_state=1)
    campaigns = [
        {"total_spend": float(row["total_spend"]), **{field: row[field] for field in FIELDS}}
        for _, row in rows.iterrows()
    ]
    results = client.post("/api/predict/batch", json={"campaigns": campaigns}).json()["results"]
    assert len(results) == len(campaigns)
    for (_, row), result in zip(rows.iterrows(), results, strict=True):
        assert result["input"]["total_spend"] == row["total_spend"]
        assert result["predictions"]["impressions"] == round(row["predicted_impressions"])
        assert result["predictions"]["engagement"] == round(row["predicted_engagement"])
        assert result["confidence_intervals"]["impressions"]["upper"] == round(
            row["impressions_upper"]
        )
        assert result["confidence_intervals"]["engagement"]["lower"] == round(
            row["engagement_lower"]
        )
        assert result["metrics"]["cpm"] == round(row["cpm"], 2)
        assert result["metrics"]["cost_per_engagement"] == round(row["cost_per_engagement"], 2)


def test_options_and_health(client, warehouse):
    options = client.get("/api/options").json()
    listed = warehouse.query("select * from dim_campaign_options")
    for field, key in zip(FIELDS, ("platforms", "campaign_types", "content_types"), strict=True):
        assert options[key] == sorted(listed.loc[listed["option_field"] == field, "option_value"])
    health = client.get("/health").json()
    model = warehouse.query("select model from fct_campaign_model_metrics where is_selected")
    assert health["status"] == "healthy"
    assert health["model"] == model["model"].iloc[0]


def test_openapi_docs_are_served(client):
    schema = client.get("/openapi.json").json()
    assert {
        "/api/predict",
        "/api/predict/batch",
        "/api/optimize",
        "/api/options",
        "/health",
    } <= set(schema["paths"])
    assert client.get("/docs").status_code == 200
    assert client.get("/").headers["content-type"].startswith("text/html")


def bad(valid: dict, **changes) -> dict:
    body = {**valid, **changes}
    return {key: value for key, value in body.items() if value is not ...}


INVALID = {
    "unknown platform": ({"platform": "MySpace"}, "platform"),
    "label of another field": ({"content_type": "Bau"}, "content_type"),
    "spend as text": ({"total_spend": "10000"}, "total_spend"),
    "spend as boolean": ({"total_spend": True}, "total_spend"),
    "zero spend": ({"total_spend": 0}, "total_spend"),
    "negative spend": ({"total_spend": -5}, "total_spend"),
    "spend above the ceiling": ({"total_spend": MAX_TOTAL_SPEND * 1.01}, "total_spend"),
    "huge integer": ({"total_spend": 10**400}, "total_spend"),
    "null spend": ({"total_spend": None}, "total_spend"),
    "missing field": ({"campaign_type": ...}, "campaign_type"),
    "unknown field": ({"budget": 5}, "budget"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_requests_get_a_422_naming_the_field(client, valid, case):
    changes, field = INVALID[case]
    response = client.post("/api/predict", json=bad(valid, **changes))
    assert response.status_code == 422
    assert field in {problem["field"] for problem in response.json()["detail"]}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_rejected(client, valid, literal):
    body = (
        "{"
        + ", ".join(f'"{key}": "{value}"' for key, value in valid.items() if key != "total_spend")
        + f', "total_spend": {literal}'
        + "}"
    )
    response = client.post(
        "/api/predict", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert [problem["field"] for problem in response.json()["detail"]] == ["total_spend"]


@pytest.mark.parametrize("body", ["{", "[1, 2]", "", "null", '"text"', "[" * 50_000])
def test_malformed_bodies_are_4xx(client, body):
    response = client.post(
        "/api/predict", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500


def test_batch_limits(client, valid):
    assert client.post("/api/predict/batch", json={"campaigns": []}).status_code == 422
    too_many = {"campaigns": [valid] * (MAX_BATCH + 1)}
    response = client.post("/api/predict/batch", json=too_many)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "campaigns"
    one_bad = {"campaigns": [valid, {**valid, "platform": "nope"}]}
    problems = client.post("/api/predict/batch", json=one_bad).json()["detail"]
    assert problems[0]["field"] == "campaigns.1.platform"


def test_optimizer_respects_shares_and_totals(client, forecasts):
    plans = forecasts.drop_duplicates(list(FIELDS)).head(3)
    campaigns = [{field: row[field] for field in FIELDS} for _, row in plans.iterrows()]
    campaigns[0] |= {"min_share": 0.2, "max_share": 0.5}
    campaigns[1] |= {"max_share": 0.3}
    body = {"total_budget": 60_000, "target": "impressions", "campaigns": campaigns}
    result = client.post("/api/optimize", json=body).json()
    shares = [allocation["share"] for allocation in result["allocations"]]
    assert sum(shares) == pytest.approx(1.0)
    assert 0.2 <= shares[0] <= 0.5 and shares[1] <= 0.3
    impressions = sum(a["predictions"]["impressions"] for a in result["allocations"])
    assert abs(result["totals"]["impressions"] - impressions) <= len(shares)
    assert result["totals"]["total_spend"] == pytest.approx(60_000)
    even = [
        {"total_spend": 20_000, **campaign}
        for campaign in ({k: c[k] for k in FIELDS} for c in campaigns)
    ]
    evenly = client.post("/api/predict/batch", json={"campaigns": even}).json()["results"]
    assert impressions >= sum(r["predictions"]["impressions"] for r in evenly) - len(shares)


def test_optimizer_rejects_shares_that_cannot_add_up(client, valid):
    campaign = {field: valid[field] for field in FIELDS}
    for campaigns in (
        [campaign | {"max_share": 0.4}] * 2,
        [campaign | {"min_share": 0.7}] * 2,
        [campaign | {"max_share": 0.001}, campaign],  # below one 0.5% step of the budget
    ):
        response = client.post("/api/optimize", json={"total_budget": 1000, "campaigns": campaigns})
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "campaigns"


def test_serving_leaves_the_warehouse_unchanged(warehouse):
    before = hashlib.sha256(warehouse.db_path.read_bytes()).hexdigest()
    load_served_model(warehouse.db_path)
    assert hashlib.sha256(warehouse.db_path.read_bytes()).hexdigest() == before


def test_a_model_that_does_not_reproduce_the_marts_is_refused(warehouse, tmp_path):
    copy = tmp_path / "tampered.duckdb"
    shutil.copy(warehouse.db_path, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("update fct_campaign_forecasts set cpm = cpm * 1.001")
    with pytest.raises(WarehouseModelError, match="does not reproduce"):
        load_served_model(copy)


def test_serve_without_a_warehouse_exits_with_a_message(tmp_path, capsys):
    assert main(["serve", "--db-path", str(tmp_path / "missing.duckdb")]) == 1
    assert "does not exist" in capsys.readouterr().err
