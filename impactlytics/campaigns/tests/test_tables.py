import numpy as np
import pandas as pd
import pytest

from impactlytics.campaigns import (
    OPTION_COLUMNS,
    TARGETS,
    conformal_quantile,
    forecast_frame,
    optimize_plan,
    targets_of,
)
from impactlytics.campaigns.candidates import CANDIDATES
from impactlytics.campaigns.tables import (
    declared_predictor,
    forecasts_table,
    largest_half_width,
    model_metrics_table,
    selected_predictor,
)
from impactlytics.campaigns.tests.conftest import declared, featurized
from impactlytics.campaigns.training import CampaignInputError, fit_predictor, split_campaigns


@pytest.fixture(scope="module")
def metrics(campaigns) -> pd.DataFrame:
    return model_metrics_table(declared(), campaigns, random_state=3)


def test_one_row_per_model_target_and_method(metrics):
    assert len(metrics) == 2 * len(CANDIDATES) + 2  # the forest's tree-variance rows
    assert set(metrics["target"]) == set(TARGETS)
    assert not metrics.duplicated(["model", "target", "interval_method"]).any()
    assert (
        metrics["n_test"].iloc[0] + metrics["n_calibration"].iloc[0] + metrics["n_train"].iloc[0]
        == 1500
    )


def test_selection_is_the_best_mean_cv_r2(metrics):
    conformal = metrics[metrics["interval_method"] == "split_conformal"]
    mean_cv = conformal.groupby("model")["cv_r2"].mean()
    assert set(conformal.loc[conformal["is_selected"], "model"]) == {mean_cv.idxmax()}


def test_conformal_intervals_cover_and_tree_variance_undercovers(metrics):
    by_method = metrics.groupby("interval_method")["interval_coverage"]
    assert by_method.min()["split_conformal"] > 0.90
    assert by_method.max()["tree_variance"] < 0.90


def test_refit_reproduces_the_recorded_model_and_forecasts(metrics, campaigns):
    shuffled = campaigns.sample(frac=1.0, random_state=0)  # the warehouse's row order may vary
    predictor = selected_predictor(declared(), shuffled, metrics)
    recorded = metrics[metrics["is_selected"] & (metrics["interval_method"] == "split_conformal")]
    np.testing.assert_array_equal(largest_half_width(predictor), recorded["conformal_quantile"])
    grid = campaigns[[*OPTION_COLUMNS, "total_spend"]].drop_duplicates().head(40)
    table = forecasts_table(declared(), campaigns, metrics, grid)
    assert (table["impressions_lower"] <= table["predicted_impressions"]).all()
    assert (table["predicted_engagement"] <= table["engagement_upper"]).all()
    again = forecast_frame(predictor, table)
    pd.testing.assert_frame_equal(again, table, check_dtype=False)


def test_changed_recorded_quantile_is_refused(metrics, campaigns):
    tampered = metrics.assign(conformal_quantile=metrics["conformal_quantile"] * 1.01)
    with pytest.raises(CampaignInputError, match="did not reproduce"):
        selected_predictor(declared(), campaigns, tampered)


def test_too_few_calibration_rows_fail_before_fitting(campaigns):
    few = pd.concat(
        [
            campaigns[campaigns["split"] != "calibration"],
            campaigns[campaigns["split"] == "calibration"].head(10),
        ]
    )
    with pytest.raises(
        CampaignInputError, match="analysis 'campaign_predictor'.*10 calibration rows"
    ):
        model_metrics_table(declared(), few, random_state=0)


def test_nothing_declared_gives_empty_typed_tables(campaigns):
    empty = model_metrics_table(declared().iloc[:0], campaigns, random_state=0)
    assert empty.empty and empty["is_selected"].dtype == bool
    assert forecasts_table(declared().iloc[:0], campaigns, empty, campaigns).empty


def test_optimizer_beats_an_even_split_and_respects_shares(metrics, campaigns):
    predictor = selected_predictor(declared(), campaigns, metrics)
    plans = campaigns[list(OPTION_COLUMNS)].drop_duplicates().head(3).reset_index(drop=True)
    plans["min_share"], plans["max_share"] = [0.1, 0.2, 0.0], [0.6, 0.6, 0.6]
    allocated = optimize_plan(predictor, plans, 30_000.0, "engagement")
    assert allocated["share"].sum() == pytest.approx(1.0)
    assert (allocated["share"] >= plans["min_share"] - 1e-12).all()
    assert (allocated["share"] <= plans["max_share"] + 1e-12).all()
    even = forecast_frame(predictor, plans.assign(total_spend=10_000.0))
    assert allocated["predicted_engagement"].sum() >= even["predicted_engagement"].sum()


def test_interval_groups_calibrate_each_label_on_its_own_rows():
    """Per platform, the half-width is the conformal quantile of that platform's calibration
    residuals alone; the simulated noise is widest on TikTok and narrowest on Meta."""
    campaigns = featurized(6000, seed=21)
    spec = declared_predictor(declared(interval_group="platform"))
    splits = split_campaigns(spec, campaigns)
    predictor = fit_predictor(spec, splits, "ridge_interactions", random_state=0)
    calibration = splits.calibration
    residuals = targets_of(calibration) - predictor.predict(calibration)
    assert set(predictor.quantile_) == set(calibration["platform"])
    for platform, half_width in predictor.quantile_.items():
        rows = (calibration["platform"] == platform).to_numpy()
        np.testing.assert_array_equal(half_width, conformal_quantile(residuals[rows], 0.95))
    assert (predictor.quantile_["TikTok"] > predictor.quantile_["Meta"]).all()
    _, lower, upper = predictor.predict_interval(splits.test)
    tiktok = (splits.test["platform"] == "TikTok").to_numpy()
    log_half_width = np.log1p(upper[tiktok]) - predictor.predict(splits.test)[tiktok]
    np.testing.assert_allclose(
        log_half_width, np.tile(predictor.quantile_["TikTok"], (tiktok.sum(), 1))
    )


def test_interval_group_needs_calibration_rows_for_every_label(campaigns):
    few = campaigns[~((campaigns["split"] == "calibration") & (campaigns["platform"] == "Meta"))]
    spec = declared_predictor(declared(interval_group="platform"))
    with pytest.raises(
        CampaignInputError, match="'platform' \\(interval_group\\) has 0 calibration"
    ):
        split_campaigns(spec, few)
