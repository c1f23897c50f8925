import pytest

from impactlytics.report.sections import ad_panel

from .conftest import assert_titled_and_labelled, draw_figure

SPECS = {spec.name: spec for spec in ad_panel.SECTION.figures}


@pytest.fixture(scope="module")
def marts(demo_warehouse):
    """The ad-panel marts of the demo warehouse (the panel vendor_ads at small scale)."""
    names = {mart for spec in SPECS.values() for mart in {**spec.reads, **spec.optional}}
    return {name: demo_warehouse.query(f"select * from {name}") for name in names}


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_is_drawn_per_panel_with_title_and_labels(name, marts):
    plots = draw_figure(SPECS[name], marts)
    assert [plot.key for plot in plots] == ["vendor_ads"]
    for plot in plots:
        assert_titled_and_labelled(plot)


def test_segment_panels_follow_the_user_features(marts):
    (plot,) = draw_figure(SPECS["segment_slopes"], marts)
    titles = sorted(ax.get_title() for ax in plot.figure.axes if ax.get_visible())
    assert titles == ["user_age", "user_tenure"]


def test_vendor_slopes_note_counts_the_vendors(marts):
    (plot,) = draw_figure(SPECS["vendor_slopes"], marts)
    vendors = marts["fct_ad_vendor_slopes"].query("estimator == 'network'")
    assert plot.note.startswith(f"{len(vendors):,} vendors")


def test_comparison_note_reports_recovery(marts):
    (plot,) = draw_figure(SPECS["vendor_slope_comparison"], marts)
    assert "slope_correlation" in plot.note and "fe_correlation_user_id" in plot.note
