import numpy as np
import pytest
from scipy.special import expit
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from impactlytics.causal.propensity import PropensityModel, make_propensity_candidate


def _logistic_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    t = rng.binomial(1, expit(0.2 + x @ np.array([1.0, -0.8, 0.5, 0.0])))
    return x, t


def test_selects_logistic_on_logistic_linear_data():
    x, t = _logistic_data(400, 1)
    model = PropensityModel(random_state=0).fit(x, t)
    assert set(model.log_loss_) == {"logistic", "gradient_boosting"}
    assert model.selected_model_ == "logistic"
    assert model.log_loss_["logistic"] < model.log_loss_["gradient_boosting"]
    assert model.n_folds_ == 5
    assert model.propensity_.shape == (400,)
    assert ((model.propensity_ > 0) & (model.propensity_ < 1)).all()


def test_predictions_are_out_of_fold():
    x, t = _logistic_data(300, 2)
    model = PropensityModel(candidates=("logistic",), n_folds=4, random_state=3).fit(x, t)
    expected = np.empty(t.size)
    splitter = StratifiedKFold(4, shuffle=True, random_state=3)
    for train, test in splitter.split(x, t):
        fitted = clone(make_propensity_candidate("logistic")).fit(x[train], t[train])
        expected[test] = fitted.predict_proba(x[test])[:, 1]
    np.testing.assert_allclose(model.propensity_, expected)
    in_sample = make_propensity_candidate("logistic").fit(x, t).predict_proba(x)[:, 1]
    assert not np.allclose(model.propensity_, in_sample)


def test_deterministic_and_validates():
    x, t = _logistic_data(300, 4)
    a = PropensityModel(random_state=7).fit(x, t)
    b = PropensityModel(random_state=7).fit(x, t)
    np.testing.assert_array_equal(a.propensity_, b.propensity_)
    with pytest.raises(ValueError, match="unknown"):
        PropensityModel(candidates=("forest",)).fit(x, t)
    with pytest.raises(ValueError):
        PropensityModel().fit(x, t + 2)


def test_full_fit_score_is_the_selected_model_refitted_in_sample():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(800, 2))
    t = (rng.random(800) < 1 / (1 + np.exp(-x[:, 0]))).astype(int)
    model = PropensityModel(candidates=("logistic",), random_state=0).fit(x, t)
    expected = make_propensity_candidate("logistic").fit(x, t).predict_proba(x)[:, 1]
    np.testing.assert_allclose(model.propensity_full_fit_, expected)
    assert not np.allclose(model.propensity_full_fit_, model.propensity_)
