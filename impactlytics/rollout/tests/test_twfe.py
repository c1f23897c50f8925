"""TWFE against statsmodels least squares with unit and period dummies."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from impactlytics.rollout.estimators import overall_effect
from impactlytics.rollout.tests.synthetic import make_panel
from impactlytics.rollout.twfe import twfe_effect


def dummies_fit(panel):
    """WLS of y on exposure, unit and period dummies; cluster-robust SE without corrections."""
    n_units, n_periods = panel.y.shape
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    design = np.column_stack(
        [
            panel.exposure.ravel(),
            (unit[:, None] == np.arange(n_units)[None, :]).astype(float),
            (period[:, None] == np.arange(1, n_periods)[None, :]).astype(float),
        ]
    )
    fit = sm.WLS(panel.y.ravel(), design, weights=np.repeat(panel.weight, n_periods)).fit(
        cov_type="cluster",
        cov_kwds={"groups": np.repeat(panel.cluster, n_periods), "use_correction": False},
    )
    return fit.params[0], fit.bse[0]


@pytest.mark.parametrize(
    "options",
    [{}, {"weighted": True}, {"n_clusters": 12}, {"cohorts": (5,)}],
    ids=["unweighted", "weighted", "clustered", "single_adoption"],
)
def test_twfe_matches_dummy_variable_regression(options):
    panel = make_panel(n_units=80, **options)
    effect = twfe_effect(panel)
    estimate, se = dummies_fit(panel)
    g = panel.n_clusters
    assert effect.estimate == pytest.approx(estimate, rel=1e-8)
    assert effect.std_error * np.sqrt((g - 1) / g) == pytest.approx(se, rel=1e-6)
    assert effect.n_clusters == g


def test_twfe_is_biased_under_dynamic_effects_with_staggered_timing():
    """Effects 1 + e growing with event time: TWFE uses early cohorts as controls for late
    ones and falls below the average effect over exposed unit-periods that CS recovers."""
    panel = make_panel(n_units=4000, n_periods=10, cohorts=(3, 6, 8), seed=1)
    exposed = panel.exposure.astype(bool)
    event_time = np.arange(1, 11)[None, :] - panel.cohort[:, None]
    truth = (1.0 + event_time)[exposed].mean()
    twfe = twfe_effect(panel)
    cs = overall_effect(panel, "callaway_santanna")
    assert abs(cs.estimate - truth) < 3 * cs.std_error
    assert twfe.estimate < truth - 5 * twfe.std_error
