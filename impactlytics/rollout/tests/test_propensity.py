"""Exposure propensity logit."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from impactlytics.rollout.propensity import fit_exposure_propensity
from impactlytics.rollout.tests.synthetic import make_panel


def test_intercept_only_logit_is_the_share_exposed():
    panel = make_panel(n_units=200)
    bare = dataclasses.replace(panel, X=np.zeros((200, 0)), covariate_names=())
    fit = fit_exposure_propensity(bare)
    share = (panel.cohort > 0).mean()
    assert fit.terms == ("intercept",)
    assert fit.coefficients[0] == pytest.approx(np.log(share / (1 - share)), rel=1e-6)
    np.testing.assert_allclose(fit.propensity, share, rtol=1e-6)


def test_perfect_separation_gives_no_model():
    panel = make_panel(n_units=100)
    separated = dataclasses.replace(panel, X=(panel.cohort > 0).astype(float)[:, None] * 10.0)
    assert fit_exposure_propensity(separated) is None
