"""The super learner of the CATE nuisances' outcome models."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from impactlytics.causal.cate.outcome_models import (
    GCVRidge,
    WeightedRegressors,
    convex_weights,
    outcome_library,
)


@pytest.mark.parametrize("degree", [1, 2])
def test_gcv_ridge_is_a_ridge_on_the_standardised_terms(degree):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 4)) * [1, 10, 0.1, 1]
    x[:, 3] = 2.0  # a constant column is harmless
    y = x[:, 0] - 0.1 * x[:, 1] * x[:, 2] + rng.normal(size=400)
    model = GCVRidge(degree=degree).fit(x, y)
    terms = model._terms(x)
    z = (terms - terms.mean(axis=0)) / np.where(terms.std(axis=0) > 0, terms.std(axis=0), 1)
    reference = Ridge(alpha=model.alpha_).fit(z, y)
    np.testing.assert_allclose(model.predict(x), reference.predict(z), atol=1e-8)
    assert terms.shape[1] == (4 if degree == 1 else 4 + 10)


def test_convex_weights_prefer_the_better_prediction():
    rng = np.random.default_rng(1)
    y = rng.normal(size=500)
    good, bad = y + 0.1 * rng.normal(size=500), rng.normal(size=500)
    weights = convex_weights(np.column_stack([bad, good]), y)
    assert weights.sum() == pytest.approx(1) and weights[1] > 0.95
    assert convex_weights(np.column_stack([-y, -y]), y) == pytest.approx([0.5, 0.5])


def test_weighted_regressors_skip_members_without_weight():
    x = np.linspace(0, 1, 50)[:, None]
    model = WeightedRegressors(outcome_library(0, 1), [0.0, 1.0, 0.0]).fit(x, 3 * x[:, 0])
    assert model.estimators_[0] is None and model.estimators_[2] is None
    np.testing.assert_allclose(model.predict(x), 3 * x[:, 0], atol=1e-2)
    assert len(outcome_library(0, 31)) == 2  # no second-order ridge on many covariates
