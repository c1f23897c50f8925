"""Small synthetic warehouses holding the causal marts, written with DuckDB directly."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from impactlytics.report.spec import FigureSpec, Plot

ESTIMATORS = ("aipw", "difference_in_means", "ipw")


def causal_marts(studies: dict[str, tuple[int, int]], seed: int = 0) -> dict[str, pd.DataFrame]:
    """The causal marts for ``{study: (n_covariates, n_outcomes)}``, 200 units per study.

    Only the first study has ground truth in ``fct_recovery_metrics``; each study trims 5 units.
    """
    rng = np.random.default_rng(seed)
    balance, effects, scores, overlap, recovery = [], [], [], [], []
    for index, (study, (n_covariates, n_outcomes)) in enumerate(studies.items()):
        smd = rng.uniform(0, 0.4, n_covariates)
        balance.append(
            pd.DataFrame(
                {
                    "study": study,
                    "covariate": [f"x{i}" for i in range(n_covariates)],
                    "smd_unweighted": smd,
                    "smd_weighted": smd / 8,
                }
            )
        )
        for k in range(n_outcomes):
            estimate = rng.normal(0.1, 0.05, len(ESTIMATORS))
            effects.append(
                pd.DataFrame(
                    {
                        "study": study,
                        "outcome": f"y{k}",
                        "estimand": "ATE",
                        "estimator": ESTIMATORS,
                        "estimate": estimate,
                        "ci_lower": estimate - 0.02,
                        "ci_upper": estimate + 0.02,
                    }
                )
            )
            if index == 0:
                recovery.append(
                    {
                        "domain": "causal",
                        "analysis": study,
                        "outcome": f"y{k}",
                        "metric": "true_ate",
                    }
                )
        treatment = rng.integers(0, 2, 200)
        propensity = np.clip(rng.beta(2 + treatment, 3 - treatment), 0.001, 0.999)
        scores.append(
            pd.DataFrame(
                {
                    "study": study,
                    "unit_id": [str(i) for i in range(200)],
                    "treatment": treatment.astype("int32"),
                    "propensity": propensity,
                    "is_trimmed": np.arange(200) < 5,
                }
            )
        )
        for arm in ("treated", "control"):
            overlap.append({"study": study, "arm": arm, "propensity_model": "logistic"})
    return {
        "fct_covariate_balance": pd.concat(balance, ignore_index=True),
        "fct_treatment_effects": pd.concat(effects, ignore_index=True),
        "fct_propensity_scores": pd.concat(scores, ignore_index=True),
        "fct_propensity_overlap": pd.DataFrame(overlap),
        "fct_recovery_metrics": pd.DataFrame(recovery).assign(estimator=None, value=0.1),
    }


def draw_figure(spec: FigureSpec, marts: dict[str, pd.DataFrame]) -> list[Plot]:
    """The plots ``spec`` draws from ``marts``, given only the columns it declares."""
    columns = {**spec.reads, **spec.optional}
    return list(spec.draw({mart: marts[mart][list(cols)] for mart, cols in columns.items()}))


def assert_titled_and_labelled(plot: Plot) -> None:
    """A title on the figure or every panel, and axis labels on every visible panel."""
    titles = [ax.get_title() for ax in plot.figure.axes]
    assert plot.figure.get_suptitle() or all(titles)
    for ax in plot.figure.axes:
        if ax.get_visible():
            assert ax.get_xlabel()
            # panels sharing a y axis are labelled on the first column only
            assert ax.get_ylabel() or not ax.get_subplotspec().is_first_col()


def write_warehouse(path: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """Write each frame as a table of a new DuckDB file."""
    with duckdb.connect(str(path)) as connection:
        for name, frame in tables.items():
            connection.register("frame", frame)
            connection.execute(f'create table "{name}" as select * from frame')
            connection.unregister("frame")
    return path


@pytest.fixture
def marts() -> dict[str, pd.DataFrame]:
    """Two studies: a small one with truth, and one with many covariates and outcomes."""
    return causal_marts({"alpha": (4, 2), "wide": (40, 14)})


@pytest.fixture
def warehouse(tmp_path: Path, marts: dict[str, pd.DataFrame]) -> Path:
    return write_warehouse(tmp_path / "marts.duckdb", marts)


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """A DuckDB file without tables."""
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    return path


def rollout_marts(rollouts: dict[str, tuple[str, ...]], seed: int = 0) -> dict[str, pd.DataFrame]:
    """The rollout marts for ``{rollout: outcomes}``: two event-study estimators, two cohorts.

    The first rollout passes its pre-trend tests, the others fail them.
    """
    rng = np.random.default_rng(seed)
    study, tests, cohorts, effects, trends = [], [], [], [], []
    for index, (rollout, outcomes) in enumerate(rollouts.items()):
        for outcome in outcomes:
            for group, start, level in (("never_exposed", None, 0.0), ("2020", 3, 1.0)):
                periods = np.arange(1, 7)
                pre = np.ones(6, bool) if start is None else periods < start
                trends.append(
                    pd.DataFrame(
                        {
                            "rollout": rollout,
                            "outcome": outcome,
                            "period_index": periods,
                            "exposure_group": group,
                            "is_pre_period": pre,
                            "n_units": 50,
                            "mean_value": level + 0.2 * periods + np.where(pre, 0.0, 1.0),
                        }
                    )
                )
            times = pd.DataFrame({"event_time": [t for t in range(-4, 4) if t != -1]})
            for estimator in ("callaway_santanna", "sun_abraham"):
                estimate = rng.normal(0, 0.1, len(times)) + (times["event_time"] >= 0)
                study.append(
                    times.assign(
                        rollout=rollout,
                        outcome=outcome,
                        estimator=estimator,
                        estimate=estimate,
                        ci_lower=estimate - 0.3,
                        ci_upper=estimate + 0.3,
                    )
                )
            p_value = 0.5 if index == 0 else 0.001
            tests.append(
                {
                    "rollout": rollout,
                    "outcome": outcome,
                    "test": "event_study_leads_wald",
                    "df": 3,
                    "p_value": p_value,
                    "passed": p_value >= 0.05,
                }
            )
            cohorts.append(
                pd.DataFrame(
                    {
                        "rollout": rollout,
                        "outcome": outcome,
                        "estimator": "callaway_santanna",
                        "cohort_period_index": [3, 5],
                        "cohort_period_value": ["2020", "2022"],
                        "n_units": [40, 60],
                        "estimate": [1.5, 0.5],
                        "ci_lower": [1.0, 0.1],
                        "ci_upper": [2.0, 0.9],
                    }
                )
            )
            for estimator, estimate in (("callaway_santanna", 0.9), ("twfe", 0.7)):
                effects.append(
                    {
                        "rollout": rollout,
                        "outcome": outcome,
                        "estimator": estimator,
                        "estimate": estimate,
                    }
                )
    return {
        "fct_event_study": pd.concat(study, ignore_index=True),
        "fct_pretrend_tests": pd.DataFrame(tests),
        "fct_rollout_cohort_effects": pd.concat(cohorts, ignore_index=True),
        "fct_rollout_effects": pd.DataFrame(effects),
        "fct_rollout_trends": pd.concat(trends, ignore_index=True),
    }


def campaign_marts() -> dict[str, pd.DataFrame]:
    """The campaign marts: three models, two platforms, a 2 x 2 option grid at four spends."""
    models = ("gradient_boosting", "random_forest", "ridge_interactions")
    metrics = pd.DataFrame(
        [
            {"model": model, "target": target, "interval_method": "split_conformal"}
            for model in models
            for target in ("impressions", "engagement")
        ]
        + [
            {"model": "random_forest", "target": target, "interval_method": "tree_variance"}
            for target in ("impressions", "engagement")
        ]
    )
    metrics["r2"] = 0.6
    metrics["cv_r2"] = 0.55
    metrics["mape"] = 0.5
    metrics["is_selected"] = metrics["model"] == "ridge_interactions"
    metrics["interval_coverage"] = np.where(
        metrics["interval_method"] == "tree_variance", 0.8, 0.95
    )
    metrics["interval_width"] = 1000.0
    metrics["interval_group"] = "platform"
    metrics["confidence_level"] = 0.95
    metrics["n_test"] = 200
    grid = pd.MultiIndex.from_product(
        [("Meta", "TikTok"), ("Bau", "Mm"), ("Owned", "Paid"), (100.0, 1000.0, 1e4, 1e5)],
        names=["platform", "campaign_type", "content_type", "total_spend"],
    ).to_frame(index=False)
    forecasts = grid.assign(
        predicted_impressions=grid["total_spend"] * 20,
        impressions_lower=grid["total_spend"] * 5,
        impressions_upper=grid["total_spend"] * 80,
        predicted_engagement=grid["total_spend"] * 2,
        engagement_lower=grid["total_spend"] * 0.5,
        engagement_upper=grid["total_spend"] * 8,
    )
    forecasts["cpm"] = forecasts["total_spend"] * 1000 / forecasts["predicted_impressions"]
    forecasts["cost_per_engagement"] = forecasts["total_spend"] / forecasts["predicted_engagement"]
    options = pd.DataFrame(
        {
            "option_field": ["platform", "platform", "campaign_type", "campaign_type"]
            + ["content_type", "content_type"],
            "option_value": ["Meta", "TikTok", "Bau", "Mm", "Owned", "Paid"],
            "n_train_campaigns": [50, 60, 40, 70, 80, 30],
        }
    )
    recovery = pd.DataFrame(
        {
            "domain": "campaigns",
            "analysis": "campaign_predictor",
            "outcome": ["impressions", "engagement"],
            "metric": "achievable_r2",
            "value": [0.68, 0.66],
        }
    )
    rng = np.random.default_rng(4)
    actual = np.round(np.exp(rng.normal(8, 1, 80)))
    predicted = actual * np.exp(rng.normal(0, 0.3, 80))
    test_predictions = pd.DataFrame(
        {
            "campaign_id": [f"c{i:03d}" for i in range(40)] * 2,
            "target": ["impressions"] * 40 + ["engagement"] * 40,
            "platform": ["Meta", "TikTok"] * 40,
            "actual": actual,
            "predicted": predicted,
            "interval_lower": predicted * 0.5,
            "interval_upper": predicted * 2.0,
        }
    )
    test_predictions["is_covered"] = test_predictions["actual"].between(
        test_predictions["interval_lower"], test_predictions["interval_upper"]
    )
    return {
        "fct_campaign_test_predictions": test_predictions,
        "fct_campaign_model_metrics": metrics,
        "fct_campaign_forecasts": forecasts,
        "dim_campaign_options": options,
        "fct_recovery_metrics": recovery,
    }
