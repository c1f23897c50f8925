"""Event study, pre-trend Wald test and relative-magnitude bounds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from impactlytics.rollout.estimators import cells, event_study
from impactlytics.rollout.inference import cluster_covariance, t_inference
from impactlytics.rollout.pretrends import pretrend_wald_test, relative_magnitude_bounds
from impactlytics.rollout.tests.synthetic import make_panel


def dynamic_regression(panel):
    """Single cohort and never-treated units: OLS of y on unit and period dummies and one dummy
    per event time but -1, SE clustered by unit without small-sample factors."""
    n_units, n_periods = panel.y.shape
    g = int(panel.cohorts[0])
    frame = pd.DataFrame(
        {
            "y": panel.y.ravel(),
            "unit": np.repeat(np.arange(n_units), n_periods),
            "period": np.tile(np.arange(1, n_periods + 1), n_units),
        }
    )
    treated = np.repeat(panel.cohort == g, n_periods)
    event_times = [e for e in range(1 - g, n_periods - g + 1) if e != -1]
    columns = [((frame.period - g == e) & treated).astype(float) for e in event_times]
    design = np.column_stack(
        [
            *columns,
            pd.get_dummies(frame.unit, dtype=float).to_numpy(),
            pd.get_dummies(frame.period, dtype=float).to_numpy()[:, 1:],
        ]
    )
    fit = sm.OLS(frame.y, design).fit(
        cov_type="cluster", cov_kwds={"groups": frame.unit, "use_correction": False}
    )
    k = len(event_times)
    return np.array(event_times), fit.params.to_numpy()[:k], fit.cov_params().to_numpy()[:k, :k]


def test_event_study_and_wald_test_match_dynamic_fixed_effects_regression():
    panel = make_panel(n_units=90, n_periods=7, cohorts=(5,), pre_trend=0.15, seed=2)
    study = event_study(panel, cells(panel, "callaway_santanna", post_only=False))
    event_times, params, covariance = dynamic_regression(panel)
    np.testing.assert_array_equal(study.event_times, event_times)
    np.testing.assert_allclose(study.estimates, params, rtol=1e-8)
    g = panel.n_clusters
    ours = cluster_covariance(study.influence, panel.cluster) * (g - 1) / g
    np.testing.assert_allclose(ours, covariance, rtol=1e-6)

    test = pretrend_wald_test(study, panel.cluster)
    leads = event_times < -1
    raw = params[leads] @ np.linalg.solve(covariance[np.ix_(leads, leads)], params[leads])
    assert test.statistic == pytest.approx(raw * (g - 1) / g, rel=1e-6)
    assert test.df == leads.sum()
    assert test.p_value == pytest.approx(stats.f.sf(test.statistic / test.df, test.df, g - 1))


def test_wald_test_flags_a_violated_pre_trend_and_not_a_parallel_one():
    parallel = make_panel(n_units=3000, seed=4)
    violated = make_panel(n_units=3000, pre_trend=0.15, seed=4)
    for panel, rejected in [(parallel, False), (violated, True)]:
        study = event_study(panel, cells(panel, "callaway_santanna", post_only=False))
        assert (pretrend_wald_test(study, panel.cluster).p_value < 0.01) == rejected


def test_relative_magnitude_sets_widen_linearly_and_break_down_at_the_reported_m_bar():
    panel = make_panel(n_units=600, seed=5)
    study = event_study(panel, cells(panel, "callaway_santanna", post_only=False))
    bounds = relative_magnitude_bounds(study, panel.cluster, (0.0, 1.0, 2.0))
    post = study.event_times >= 0
    estimate = study.estimates[post].mean()
    se = np.sqrt(cluster_covariance(study.influence[:, post].mean(axis=1), panel.cluster))
    lower, upper, _ = t_inference(estimate, se, panel.n_clusters, 0.025)
    assert bounds[0].ci_lower == pytest.approx(lower) and bounds[0].ci_upper == pytest.approx(upper)
    widths = [b.ci_upper - b.ci_lower for b in bounds]
    assert widths[2] - widths[1] == pytest.approx(widths[1] - widths[0])
    breakdown = bounds[0].breakdown_m_bar
    at_breakdown = relative_magnitude_bounds(study, panel.cluster, (breakdown,))[0]
    assert at_breakdown.ci_lower == pytest.approx(0.0, abs=1e-9)
