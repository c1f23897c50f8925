import re

import numpy as np
import pytest

from impactlytics.report.build import build_report
from impactlytics.report.sections import campaigns

from .conftest import assert_titled_and_labelled, campaign_marts, draw_figure, write_warehouse

SPECS = {spec.name: spec for spec in campaigns.SECTION.figures}
KEYS = {
    "predicted_vs_actual": ["campaign_predictor"],
    "coverage_by_platform": ["campaign_predictor"],
    "model_accuracy": ["campaign_predictor"],
    "interval_coverage": ["campaign_predictor"],
    "forecast_intervals": ["engagement", "impressions"],
    "cost_by_platform": ["campaign_predictor"],
}


@pytest.fixture
def marts():
    return campaign_marts()


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_has_a_title_and_labelled_axes(name, marts):
    plots = draw_figure(SPECS[name], marts)
    assert [plot.key for plot in plots] == KEYS[name]
    for plot in plots:
        assert_titled_and_labelled(plot)
        assert sum(ax.get_visible() for ax in plot.figure.axes) == 2


def _line(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def test_accuracy_marks_the_selected_model_and_the_achievable_r2_when_known(marts):
    (plot,) = draw_figure(SPECS["model_accuracy"], marts)
    engagement, impressions = plot.figure.axes  # sharing the models' axis, labelled on the left
    assert "ridge_interactions (selected)" in [t.get_text() for t in engagement.get_yticklabels()]
    assert _line(impressions, "best achievable").get_xdata()[0] == 0.68
    assert (
        plot.note == "selected: ridge_interactions; held-out MAPE engagement 50%, impressions 50%"
    )
    (untruthed,) = draw_figure(
        SPECS["model_accuracy"],
        {**marts, "fct_recovery_metrics": marts["fct_recovery_metrics"][:0]},
    )
    assert all(line.get_label() != "best achievable" for line in untruthed.figure.axes[0].lines)


def test_coverage_is_drawn_against_the_nominal_level(marts):
    (plot,) = draw_figure(SPECS["interval_coverage"], marts)
    ax = plot.figure.axes[0]
    assert _line(ax, "nominal 95%").get_xdata()[0] == 0.95
    drawn = sorted(ax.collections[0].get_offsets()[:, 0])
    np.testing.assert_allclose(drawn, [0.8, 0.95, 0.95, 0.95])
    assert plot.note == "over 200 test campaigns; calibrated within each platform label"


def test_forecasts_show_the_most_trained_options_with_their_intervals(marts):
    _, impressions = draw_figure(SPECS["forecast_intervals"], marts)
    assert "Mm, Owned" in impressions.figure.get_suptitle()
    meta = next(ax for ax in impressions.figure.axes if ax.get_title() == "Meta")
    np.testing.assert_allclose(_line(meta, "forecast").get_ydata(), [2e3, 2e4, 2e5, 2e6])
    (band,) = meta.collections
    np.testing.assert_allclose(band.get_paths()[0].vertices[:, 1].min(), 500.0)
    np.testing.assert_allclose(band.get_paths()[0].vertices[:, 1].max(), 8e6)


def test_costs_are_the_median_over_options_per_platform(marts):
    (plot,) = draw_figure(SPECS["cost_by_platform"], marts)
    cpm, cpe = plot.figure.axes
    assert (cpm.get_title(), cpe.get_title()) == ("CPM", "Cost per engagement")
    np.testing.assert_allclose(_line(cpm, "TikTok").get_ydata(), 50.0)
    np.testing.assert_allclose(_line(cpe, "Meta").get_ydata(), 0.5)


@pytest.mark.parametrize("name", list(SPECS))
def test_empty_marts_draw_nothing(name, marts):
    assert draw_figure(SPECS[name], {mart: frame[:0] for mart, frame in marts.items()}) == []


def test_report_draws_the_campaign_section_and_names_a_missing_mart(marts, tmp_path):
    tables = {name: frame for name, frame in marts.items() if name != "dim_campaign_options"}
    db_path = write_warehouse(tmp_path / "wh.duckdb", tables)
    html = build_report(db_path, tmp_path / "report", tmp_path / "no_target").read_text()
    images = re.findall(r'<img src="(figures/campaigns/[^"]+)"', html)
    assert images == [
        "figures/campaigns/predicted_vs_actual_00_campaign_predictor.png",
        "figures/campaigns/coverage_by_platform_00_campaign_predictor.png",
        "figures/campaigns/model_accuracy_00_campaign_predictor.png",
        "figures/campaigns/interval_coverage_00_campaign_predictor.png",
        "figures/campaigns/cost_by_platform_00_campaign_predictor.png",
    ]
    assert "not built: needs dim_campaign_options" in html


def test_coverage_by_platform_is_the_share_inside_the_intervals(marts):
    (plot,) = draw_figure(SPECS["coverage_by_platform"], marts)
    ax = next(ax for ax in plot.figure.axes if ax.get_title() == "engagement")
    rows = marts["fct_campaign_test_predictions"].query("target == 'engagement'")
    expected = rows.groupby("platform")["is_covered"].mean().to_numpy()
    np.testing.assert_allclose([bar.get_height() for bar in ax.patches], expected)


def test_predicted_vs_actual_titles_the_held_out_coverage(marts):
    (plot,) = draw_figure(SPECS["predicted_vs_actual"], marts)
    rows = marts["fct_campaign_test_predictions"].query("target == 'impressions'")
    titles = [ax.get_title() for ax in plot.figure.axes]
    assert f"impressions: {rows['is_covered'].mean():.1%} covered of 40" in titles
