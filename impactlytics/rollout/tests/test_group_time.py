"""Group-time estimators against independent implementations."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from impactlytics.rollout.estimators import CELL_METHODS, cells
from impactlytics.rollout.group_time import aggregate
from impactlytics.rollout.inference import cluster_covariance
from impactlytics.rollout.tests.synthetic import make_panel


def two_by_two_did(panel, g: int, t: int, control: np.ndarray):
    """Cohort g against ``control`` between periods g - 1 and t: OLS of y on treated, post and
    their interaction, SE clustered by unit without small-sample factors."""
    units = np.flatnonzero((panel.cohort == g) | control)
    frame = pd.DataFrame(
        {
            "y": np.concatenate([panel.y[units, g - 2], panel.y[units, t - 1]]),
            "treated": np.tile((panel.cohort[units] == g).astype(float), 2),
            "post": np.repeat([0.0, 1.0], len(units)),
            "unit": np.tile(units, 2),
        }
    )
    design = sm.add_constant(
        np.column_stack([frame.treated, frame.post, frame.treated * frame.post])
    )
    fit = sm.OLS(frame.y, design).fit(
        cov_type="cluster", cov_kwds={"groups": frame.unit, "use_correction": False}
    )
    return fit.params.iloc[3], fit.bse.iloc[3]


@pytest.mark.parametrize("control_group", ["never_treated", "not_yet_treated"])
def test_callaway_santanna_cells_match_two_by_two_regressions(control_group):
    panel = make_panel(control_group=control_group)
    effects = cells(panel, "callaway_santanna", post_only=False)
    raw_se = np.sqrt(np.diag(cluster_covariance(effects.influence, panel.cluster)))
    raw_se *= np.sqrt((panel.n_clusters - 1) / panel.n_clusters)  # undo the CR1 factor
    for k, (g, t) in enumerate(zip(effects.cohorts, effects.periods, strict=True)):
        never = panel.cohort == 0
        later = (panel.cohort > max(t, g - 1)) & (panel.cohort != g)
        control = never | later if control_group == "not_yet_treated" else never
        estimate, se = two_by_two_did(panel, int(g), int(t), control)
        assert effects.estimates[k] == pytest.approx(estimate, rel=1e-9)
        assert raw_se[k] == pytest.approx(se, rel=1e-6)


def test_not_yet_treated_uses_later_cohorts_as_controls():
    never = cells(make_panel(control_group="never_treated"), "callaway_santanna")
    not_yet = cells(make_panel(control_group="not_yet_treated"), "callaway_santanna")
    early = (never.cohorts == 4) & (never.periods == 4)
    assert never.estimates[early] != pytest.approx(not_yet.estimates[early])


def reweighted(panel, unit: int, epsilon: float):
    weight = panel.weight.copy()
    weight[unit] *= 1.0 + epsilon
    return dataclasses.replace(panel, weight=weight)


@pytest.mark.parametrize("estimator", sorted(CELL_METHODS))
@pytest.mark.parametrize("by_cohort_size", [True, False])
def test_influence_functions_are_the_derivatives_in_the_unit_weights(estimator, by_cohort_size):
    """The influence function of a smooth function of weighted means is its derivative in the
    units' weights (the infinitesimal jackknife); central differences check every term,
    including the estimated aggregation weights, CUPED's slope and the g-formula regression."""
    panel = make_panel(n_units=60, weighted=True, seed=3)

    def overall(p):
        effects = cells(p, estimator)
        return aggregate(effects, effects.event_times >= 0, p, by_cohort_size)

    _, influence = overall(panel)
    epsilon = 1e-6
    for unit in [0, 7, 19, 33, 59]:
        up, _ = overall(reweighted(panel, unit, epsilon))
        down, _ = overall(reweighted(panel, unit, -epsilon))
        assert influence[unit] == pytest.approx((up - down) / (2 * epsilon), rel=1e-6, abs=1e-9)


def test_cohort_size_weights_reproduce_the_average_over_exposed_unit_periods():
    panel = make_panel(weighted=True)
    effects = cells(panel, "callaway_santanna")
    estimate, _ = aggregate(effects, effects.event_times >= 0, panel, by_cohort_size=True)
    size = np.array([panel.weight[panel.cohort == g].sum() for g in effects.cohorts])
    assert estimate == pytest.approx(np.sum(size * effects.estimates) / size.sum(), rel=1e-12)


def test_g_formula_equals_callaway_santanna_without_covariates():
    panel = make_panel()
    bare = dataclasses.replace(panel, X=np.zeros((len(panel.cohort), 0)), covariate_names=())
    did = cells(bare, "callaway_santanna")
    g_formula = cells(bare, "g_formula")
    np.testing.assert_allclose(g_formula.estimates, did.estimates, rtol=1e-10)
    np.testing.assert_allclose(g_formula.influence, did.influence, rtol=1e-8, atol=1e-12)


def test_clustered_covariance_sums_influence_within_clusters():
    panel = make_panel(n_clusters=15)
    effects = cells(panel, "callaway_santanna")
    phi = effects.influence[:, 0]
    sums = pd.Series(phi).groupby(panel.cluster).sum().to_numpy()
    expected = (sums**2).sum() * 15 / 14
    assert cluster_covariance(phi, panel.cluster) == pytest.approx(expected, rel=1e-12)
