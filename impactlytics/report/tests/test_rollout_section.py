import re

import numpy as np
import pytest

from impactlytics.report.build import build_report
from impactlytics.report.sections import rollout

from .conftest import assert_titled_and_labelled, draw_figure, rollout_marts, write_warehouse

SPECS = {spec.name: spec for spec in rollout.SECTION.figures}
PANELS = {"launch": 2, "shaky": 1}  # one panel per outcome


@pytest.fixture
def marts():
    """Two rollouts: 'launch' (two outcomes, pre-trends pass) and 'shaky' (pre-trends fail)."""
    return rollout_marts({"launch": ("minutes", "sessions"), "shaky": ("minutes",)})


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_has_a_title_and_labelled_axes_per_rollout(name, marts):
    plots = draw_figure(SPECS[name], marts)
    assert [plot.key for plot in plots] == ["launch", "shaky"]
    for plot in plots:
        assert_titled_and_labelled(plot)
        assert sum(ax.get_visible() for ax in plot.figure.axes) == PANELS[plot.key]


def test_event_study_shows_each_estimator_the_zero_line_and_the_pretrend_test(marts):
    launch, shaky = draw_figure(SPECS["event_study"], marts)
    ax = next(ax for ax in launch.figure.axes if ax.get_title().startswith("minutes"))
    labels = ax.get_legend_handles_labels()[1]
    assert {"callaway_santanna", "sun_abraham", "reference period (−1)"} <= set(labels)
    assert any(list(line.get_ydata()) == [0, 0] for line in ax.get_lines())
    assert ax.get_title() == "minutes\npre-trend test passed: p = 0.5 (3 leads)"
    assert launch.note.count("passed") == 2
    assert shaky.note == "minutes: event_study_leads_wald FAILED: p = 0.001 (3 leads)"


def test_event_study_intervals_match_the_mart(marts):
    launch, _ = draw_figure(SPECS["event_study"], marts)
    ax = next(ax for ax in launch.figure.axes if ax.get_title().startswith("sessions"))
    rows = marts["fct_event_study"].query(
        "rollout == 'launch' and outcome == 'sessions' and estimator == 'sun_abraham'"
    )
    (series,) = [c for c in ax.containers if c.get_label() == "sun_abraham"]
    (bars,) = series.lines[2]
    drawn = sorted((seg[0][1], seg[1][1]) for seg in bars.get_segments())
    expected = sorted(zip(rows["ci_lower"], rows["ci_upper"], strict=True))
    np.testing.assert_allclose(drawn, expected)


def test_cohort_effects_mark_the_overall_and_twfe_effects(marts):
    launch, _ = draw_figure(SPECS["cohort_effects"], marts)
    ax = launch.figure.axes[0]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == [
        "2020\n(40 units)",
        "2022\n(60 units)",
    ]
    lines = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines()}
    assert lines["overall ATT (callaway_santanna)"] == 0.9
    assert lines["two-way fixed effects (static)"] == 0.7


@pytest.mark.parametrize("name", list(SPECS))
def test_empty_marts_draw_nothing(name, marts):
    assert draw_figure(SPECS[name], {mart: frame[:0] for mart, frame in marts.items()}) == []


def test_report_draws_the_rollout_section_and_names_a_missing_mart(marts, tmp_path):
    tables = {name: frame for name, frame in marts.items() if name != "fct_rollout_cohort_effects"}
    db_path = write_warehouse(tmp_path / "wh.duckdb", tables)
    html = build_report(db_path, tmp_path / "report", tmp_path / "no_target").read_text()
    images = re.findall(r'<img src="(figures/rollout/[^"]+)"', html)
    assert images == [
        "figures/rollout/event_study_00_launch.png",
        "figures/rollout/event_study_01_shaky.png",
        "figures/rollout/trends_00_launch.png",
        "figures/rollout/trends_01_shaky.png",
    ]
    assert "not built: needs fct_rollout_cohort_effects" in html


def test_trends_draw_every_group_with_its_exposure_start(marts):
    launch, _ = draw_figure(SPECS["trends"], marts)
    ax = next(ax for ax in launch.figure.axes if ax.get_title() == "minutes")
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["never exposed", "cohort 2020"]
    rows = marts["fct_rollout_trends"].query(
        "rollout == 'launch' and outcome == 'minutes' and exposure_group == '2020'"
    )
    (cohort,) = [line for line in ax.get_lines() if line.get_label() == "cohort 2020"]
    np.testing.assert_allclose(cohort.get_ydata(), rows["mean_value"])
    assert any(list(line.get_xdata()) == [3, 3] for line in ax.get_lines())  # exposure start
