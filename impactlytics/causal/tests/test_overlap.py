import numpy as np
import pytest

from impactlytics.causal.overlap import NoOverlapError, check_overlap, diagnose_overlap
from impactlytics.causal.propensity import PropensityModel


def test_diagnostics_counts_and_ranges():
    e = np.array([0.005, 0.2, 0.5, 0.8, 0.995, 0.3])
    t = np.array([1, 1, 1, 0, 0, 0])
    d = diagnose_overlap(e, t, trim_threshold=0.01)
    np.testing.assert_array_equal(d.is_trimmed, [True, False, False, False, True, False])
    assert d.n_trimmed == 2 and d.share_trimmed == pytest.approx(2 / 6)
    assert (d.n_treated_kept, d.n_control_kept) == (2, 2)
    assert (d.propensity_min_treated, d.propensity_max_treated) == (0.005, 0.5)
    assert (d.propensity_min_control, d.propensity_max_control) == (0.3, 0.995)


def test_good_overlap_passes():
    rng = np.random.default_rng(0)
    e = rng.uniform(0.2, 0.8, size=1000)
    d = diagnose_overlap(e, rng.binomial(1, e))
    assert d.n_trimmed == 0
    check_overlap(d, context="study 'ok'")


def test_deterministic_assignment_raises_with_context():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, 2))
    t = (x[:, 0] > 0).astype(int)
    e = PropensityModel(random_state=0).fit(x, t).propensity_
    d = diagnose_overlap(e, t)
    with pytest.raises(NoOverlapError, match=r"^study 'x': .*Propensity range treated"):
        check_overlap(d, context="study 'x'")


def test_too_few_kept_units_raises():
    e = np.r_[np.full(50, 0.5), np.full(5, 0.5), np.full(45, 0.001)]
    t = np.r_[np.zeros(50, int), np.ones(50, int)]
    d = diagnose_overlap(e, t)
    assert d.n_treated_kept == 5
    with pytest.raises(NoOverlapError, match="5 treated / 50 control"):
        check_overlap(d)
    check_overlap(d, min_units_per_arm=5)
