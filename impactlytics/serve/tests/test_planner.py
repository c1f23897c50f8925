"""The planner page in headless Chromium against a live loopback server."""

from __future__ import annotations

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from impactlytics.testing.browser import headless_chromium

FIELDS = ("platform", "campaign_type", "content_type")


def shown_number(driver, element_id: str) -> tuple[int, int, int]:
    """(value, lower, upper) of a totals cell: '1,234' above '1,000 – 1,500'."""
    value, interval = driver.find_element(By.ID, element_id).text.split("\n")
    lower, upper = interval.split(" – ")
    return tuple(int(text.replace(",", "")) for text in (value, lower, upper))


def wait_for_state(driver, state: str) -> None:
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.state") == state
    )
    assert driver.find_element(By.ID, "error").text == ""


@pytest.fixture(scope="module")
def page(live_server):
    with headless_chromium() as driver:
        driver.get(live_server + "/")
        wait_for_state(driver, "ready")
        yield driver


def test_plan_predict_and_optimize_two_campaigns(page, live_server):
    budget = page.find_element(By.ID, "budget")
    budget.clear()
    budget.send_keys("40000")
    page.find_element(By.ID, "add-campaign").click()
    page.find_element(By.ID, "add-campaign").click()
    rows = page.find_elements(By.CSS_SELECTOR, "tr.campaign")
    assert len(rows) == 2
    Select(rows[1].find_element(By.CSS_SELECTOR, "select.platform")).select_by_index(1)
    allocation = rows[0].find_element(By.CSS_SELECTOR, ".allocation")
    allocation.clear()
    allocation.send_keys("30")
    allocation = rows[1].find_element(By.CSS_SELECTOR, ".allocation")
    allocation.clear()
    allocation.send_keys("70")
    plans = [
        {
            field: Select(
                row.find_element(By.CSS_SELECTOR, f"select.{field}")
            ).first_selected_option.text
            for field in FIELDS
        }
        for row in rows
    ]

    page.find_element(By.ID, "predict-all").click()
    wait_for_state(page, "predicted")
    batch = {
        "campaigns": [
            {**plan, "total_spend": 40000 * share}
            for plan, share in zip(plans, (0.3, 0.7), strict=True)
        ]
    }
    results = httpx.post(live_server + "/api/predict/batch", json=batch).json()["results"]
    for target in ("impressions", "engagement"):
        value, lower, upper = shown_number(page, f"total-{target}")
        assert value == sum(r["predictions"][target] for r in results)
        assert lower == sum(r["confidence_intervals"][target]["lower"] for r in results)
        assert upper == sum(r["confidence_intervals"][target]["upper"] for r in results)
    impressions = sum(r["predictions"]["impressions"] for r in results)
    cpm, interval = page.find_element(By.ID, "total-cpm").text.split("\n")
    assert cpm == f"{1000 * 40000 / impressions:.2f}"
    upper_impressions = sum(r["confidence_intervals"]["impressions"]["upper"] for r in results)
    assert interval.split(" – ")[0] == f"{1000 * 40000 / upper_impressions:.2f}"

    rows[0].find_element(By.CSS_SELECTOR, ".max-share").clear()
    rows[0].find_element(By.CSS_SELECTOR, ".max-share").send_keys("60")
    page.find_element(By.ID, "optimize").click()
    wait_for_state(page, "optimized")
    body = {
        "total_budget": 40000,
        "target": "engagement",
        "campaigns": [
            plans[0] | {"min_share": 0, "max_share": 0.6},
            plans[1] | {"min_share": 0, "max_share": 1},
        ],
    }
    optimized = httpx.post(live_server + "/api/optimize", json=body).json()
    shown = [
        float(row.find_element(By.CSS_SELECTOR, ".allocation").get_attribute("value"))
        for row in rows
    ]
    assert shown == [round(100 * a["share"], 2) for a in optimized["allocations"]]
    assert shown[0] <= 60
    engagement, _, _ = shown_number(page, "total-engagement")
    assert engagement == sum(a["predictions"]["engagement"] for a in optimized["allocations"])
    assert page.find_element(By.ID, "total-allocation").text == "100.00"


def test_remove_a_campaign(page):
    before = len(page.find_elements(By.CSS_SELECTOR, "tr.campaign"))
    page.find_elements(By.CSS_SELECTOR, "button.remove")[0].click()
    assert len(page.find_elements(By.CSS_SELECTOR, "tr.campaign")) == before - 1
