import numpy as np
import pandas as pd
import pytest

from impactlytics.report.plotting import MAX_PANELS
from impactlytics.report.sections import causal

from .conftest import assert_titled_and_labelled, draw_figure

SPECS = {spec.name: spec for spec in causal.SECTION.figures}


def _issue_8_marts(marts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Synthetic heterogeneous-effect marts for the studies and outcomes of ``marts``."""
    pairs = marts["fct_treatment_effects"][["study", "outcome"]].drop_duplicates()
    rng = np.random.default_rng(1)
    units = pairs.merge(pd.DataFrame({"unit_id": [str(i) for i in range(50)]}), how="cross")
    units["cate"] = rng.normal(0.1, 0.05, len(units))
    units["learner"] = "dr_learner"
    curve = pairs.merge(pd.DataFrame({"fraction_targeted": np.linspace(0.1, 1, 10)}), how="cross")
    curve["qini"] = np.sqrt(curve["fraction_targeted"]) * 0.1
    refuters = pd.DataFrame({"refuter": ["placebo_treatment", "data_subset"]})
    refutations = pairs.merge(refuters, how="cross")
    refutations["original_estimate"] = 0.1
    refutations["new_estimate"] = np.where(refutations["refuter"] == "data_subset", 0.1, 0.0)
    refutations["acceptance_lower"] = refutations["new_estimate"] - 0.05
    refutations["acceptance_upper"] = refutations["new_estimate"] + 0.05
    refutations["passed"] = True
    return {"fct_unit_effects": units, "fct_uplift_curve": curve, "fct_refutations": refutations}


@pytest.fixture
def all_marts(marts):
    return {**marts, **_issue_8_marts(marts)}


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_has_a_title_and_labelled_axes_per_study(name, all_marts):
    plots = draw_figure(SPECS[name], all_marts)
    assert [plot.key for plot in plots] == ["alpha", "wide"]
    for plot in plots:
        assert_titled_and_labelled(plot)


def test_love_plot_shows_the_largest_covariates_and_the_threshold(marts):
    alpha, wide = draw_figure(SPECS["love_plot"], marts)
    assert len(alpha.figure.axes[0].get_yticks()) == 4
    assert alpha.note == "4 of 4 covariates below 0.1 after weighting"
    (ax,) = wide.figure.axes
    shown = {label.get_text() for label in ax.get_yticklabels()}
    balance = marts["fct_covariate_balance"]
    largest = balance[balance["study"] == "wide"].nlargest(causal.MAX_COVARIATES, "smd_unweighted")
    assert shown == set(largest["covariate"])
    assert f"showing {causal.MAX_COVARIATES} of 40 covariates;" in wide.note
    assert any(list(line.get_xdata()) == [0.1, 0.1] for line in ax.get_lines())


def test_overlap_stacks_the_trimmed_units_on_their_arm_as_shares(marts):
    alpha, _ = draw_figure(SPECS["propensity_overlap"], marts)
    (ax,) = alpha.figure.axes
    scores = marts["fct_propensity_scores"].query("study == 'alpha'")
    n_treated = int(scores["treatment"].sum())
    treated_trimmed = int(scores.query("is_trimmed")["treatment"].sum())
    up = [patch.get_height() for patch in ax.patches if patch.get_height() > 0]
    down = [patch.get_height() for patch in ax.patches if patch.get_height() < 0]
    assert sum(up) == pytest.approx(1.0) and sum(down) == pytest.approx(-1.0)  # each arm: 100%
    trimmed_up = [
        p.get_height() for p in ax.patches if p.get_hatch() == "//" and p.get_height() > 0
    ]
    assert sum(trimmed_up) == pytest.approx(treated_trimmed / n_treated)
    n_trimmed = int(scores["is_trimmed"].sum())
    assert (
        alpha.note
        == f"trimmed: {treated_trimmed} treated and {n_trimmed - treated_trimmed} control units"
    )


def test_forest_plot_draws_truth_only_where_recovery_has_it(marts):
    alpha, wide = draw_figure(SPECS["forest_plot"], marts)

    def truth_lines(plot):
        return [
            line
            for ax in plot.figure.axes
            for line in ax.get_lines()
            if line.get_label() == "simulated truth"
        ]

    assert len(truth_lines(alpha)) == 2
    assert truth_lines(wide) == []
    assert sum(ax.get_visible() for ax in wide.figure.axes) == MAX_PANELS
    assert f"showing {MAX_PANELS} of 14 outcomes" in wide.note
    assert alpha.note == ""


def test_forest_plot_intervals_match_the_mart(marts):
    alpha, _ = draw_figure(SPECS["forest_plot"], marts)
    ax = next(ax for ax in alpha.figure.axes if ax.get_title() == "y0")
    rows = marts["fct_treatment_effects"].query("study == 'alpha' and outcome == 'y0'")
    (segments,) = [c for c in ax.collections if len(c.get_segments()) == len(rows)]
    drawn = sorted((seg[0][0], seg[1][0]) for seg in segments.get_segments())
    expected = sorted(zip(rows["ci_lower"], rows["ci_upper"], strict=True))
    np.testing.assert_allclose(drawn, expected)


def test_refutation_figure_draws_each_refuters_range_to_pass(all_marts):
    alpha, _ = draw_figure(SPECS["refutations"], all_marts)
    ranges = alpha.figure.axes[0].collections[0].get_segments()
    assert sorted(segment[0][0] for segment in ranges) == pytest.approx([-0.05, 0.05])
