import numpy as np
import pytest

from impactlytics.causal.weights import ipw_weights


@pytest.fixture
def design():
    rng = np.random.default_rng(0)
    e = rng.uniform(0.05, 0.95, size=500)
    return e, rng.binomial(1, e)


@pytest.mark.parametrize("estimand", ["ATE", "ATT"])
def test_weights_sum_to_arm_sizes(design, estimand):
    e, t = design
    w = ipw_weights(e, t, estimand)
    assert w.shape == e.shape and (w > 0).all()
    assert w[t == 1].sum() == pytest.approx((t == 1).sum())
    assert w[t == 0].sum() == pytest.approx((t == 0).sum())


def test_weights_are_proportional_to_inverse_probabilities(design):
    e, t = design
    w = ipw_weights(e, t, "ATE")
    np.testing.assert_allclose(w[t == 1] * e[t == 1], (w[t == 1] * e[t == 1])[0])
    np.testing.assert_allclose(w[t == 0] * (1 - e[t == 0]), (w[t == 0] * (1 - e[t == 0]))[0])
    w_att = ipw_weights(e, t, "ATT")
    np.testing.assert_allclose(w_att[t == 1], 1.0)
    ratio = w_att[t == 0] * (1 - e[t == 0]) / e[t == 0]
    np.testing.assert_allclose(ratio, ratio[0])


def test_weights_validate_inputs(design):
    e, t = design
    with pytest.raises(ValueError, match="estimand"):
        ipw_weights(e, t, "ATC")
    with pytest.raises(ValueError):
        ipw_weights(np.where(t == 1, 1.0, e), t)
    with pytest.raises(ValueError):
        ipw_weights(e, t + 1)
