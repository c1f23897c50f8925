"""MixedLM variance components against the balanced two-way ANOVA (REML) solution."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from impactlytics.rollout.mixed import fit_variance_components
from impactlytics.rollout.tests.synthetic import make_panel


def test_reml_matches_anova_estimators_on_a_balanced_panel():
    """Balanced random intercept with period effects and no covariates: REML's variance
    components are the ANOVA ones, within = residual mean square of the additive two-way
    model, between = (unit mean square - within) / T."""
    panel = make_panel(n_units=300, n_periods=10, cohorts=(9,), seed=6)
    panel = dataclasses.replace(panel, X=np.zeros((300, 0)), covariate_names=())
    fit = fit_variance_components(panel, max_units=1000, random_state=0)
    y = panel.y[:, :8]
    n, t = y.shape
    residual = y - y.mean(axis=1, keepdims=True) - y.mean(axis=0) + y.mean()
    within = (residual**2).sum() / ((n - 1) * (t - 1))
    unit_mean_square = t * ((y.mean(axis=1) - y.mean()) ** 2).sum() / (n - 1)
    assert fit.within_unit_variance == pytest.approx(within, rel=1e-4)
    assert fit.between_unit_variance == pytest.approx((unit_mean_square - within) / t, rel=1e-4)
    assert fit.n_units == 300 and fit.n_observations == 300 * 8
    assert 0 < fit.icc < 1


def test_subsample_is_deterministic():
    panel = make_panel(n_units=300, seed=7)
    first = fit_variance_components(panel, max_units=100, random_state=3)
    second = fit_variance_components(panel, max_units=100, random_state=3)
    assert first == second and first.n_units == 100
