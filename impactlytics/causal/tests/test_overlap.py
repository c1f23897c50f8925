import numpy as np
import pytest
from scipy.special import expit

from impactlytics.causal.overlap import (
    NoOverlapError,
    check_overlap,
    crump_threshold,
    diagnose_overlap,
    resolve_rule,
    target_population,
)
from impactlytics.causal.propensity import PropensityModel


def test_fixed_rule_counts_and_ranges():
    e = np.array([0.005, 0.2, 0.5, 0.8, 0.995, 0.3])
    t = np.array([1, 1, 1, 0, 0, 0])
    d = diagnose_overlap(e, t, trim=0.01)
    assert d.rule == "fixed"
    np.testing.assert_array_equal(d.is_trimmed, [True, False, False, False, True, False])
    assert d.n_trimmed == 2 and d.share_trimmed == pytest.approx(2 / 6)
    assert (d.n_treated_kept, d.n_control_kept) == (2, 2)
    assert (d.propensity_min_treated, d.propensity_max_treated) == (0.005, 0.5)
    assert (d.propensity_min_control, d.propensity_max_control) == (0.3, 0.995)


def test_defaults_follow_the_estimand():
    assert resolve_rule(None, "ATE") == ("fixed", 0.01)
    assert resolve_rule(None, "ATT") == ("support", 0.01)
    assert resolve_rule("crump", "ATE")[0] == "crump"
    with pytest.raises(ValueError, match="ATE rule"):
        resolve_rule("crump", "ATT")
    with pytest.raises(ValueError, match="trim must be"):
        resolve_rule(0.7, "ATE")


def test_good_overlap_passes():
    rng = np.random.default_rng(0)
    e = rng.uniform(0.2, 0.8, size=1000)
    d = diagnose_overlap(e, rng.binomial(1, e))
    assert d.n_trimmed == 0
    check_overlap(d, context="study 'ok'")


def small_treated_group(n=20_000, seed=0):
    """~2% treated; most controls have a propensity far below 0.01."""
    rng = np.random.default_rng(seed)
    e = expit(rng.normal(-6.0, 2.0, size=n))
    return e, (rng.random(n) < e).astype(int)


def test_att_support_rule_keeps_the_treated_and_drops_incomparable_controls():
    e, t = small_treated_group()
    assert np.median(e[t == 0]) < 0.01
    with pytest.raises(NoOverlapError, match="of units trimmed"):
        check_overlap(diagnose_overlap(e, t, "ATE"))  # the ATE rule refuses this study
    d = diagnose_overlap(e, t, "ATT")
    check_overlap(d)
    treated, control = t == 1, t == 0
    inside = (e >= e[control].min()) & (e <= min(e[control].max(), 0.99))
    np.testing.assert_array_equal(d.is_trimmed[treated], ~inside[treated])
    smallest_kept = e[treated & ~d.is_trimmed].min()
    np.testing.assert_array_equal(d.is_trimmed[control], e[control] < smallest_kept)
    assert d.share_trimmed == pytest.approx(1 - d.n_treated_kept / treated.sum())
    assert d.share_trimmed < 0.05
    assert target_population(d).startswith(f"ATT over the {d.n_treated_kept} of")


def test_att_fails_when_the_treated_have_no_control_counterpart():
    e = np.r_[np.linspace(0.01, 0.2, 200), np.linspace(0.6, 0.9, 50)]
    t = np.r_[np.zeros(200, int), np.ones(50, int)]
    d = diagnose_overlap(e, t, "ATT")
    assert d.n_treated_kept == 0
    with pytest.raises(NoOverlapError, match="disjoint"):
        check_overlap(d, context="study 'x'")


def test_crump_threshold_solves_its_fixed_point():
    rng = np.random.default_rng(3)
    e = expit(rng.normal(0.0, 2.0, size=50_000))
    alpha = crump_threshold(e)
    assert 0.05 < alpha < 0.15  # Crump et al. report ~0.1 for most designs
    g = 1.0 / (e * (1.0 - e))
    gamma = 1.0 / (alpha * (1.0 - alpha))
    assert gamma == pytest.approx(2.0 * g[g <= gamma].mean(), rel=1e-3)
    assert crump_threshold(rng.uniform(0.3, 0.7, size=1000)) == 0.0  # no trimming needed
    d = diagnose_overlap(e, (rng.random(e.size) < e).astype(int), trim="crump")
    assert d.trim_threshold == alpha
    assert "Crump" in target_population(d)


def test_deterministic_assignment_raises_with_context():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, 2))
    t = (x[:, 0] > 0).astype(int)
    e = PropensityModel(random_state=0).fit(x, t).propensity_
    with pytest.raises(NoOverlapError, match=r"^study 'x': .*Propensity range treated"):
        check_overlap(diagnose_overlap(e, t), context="study 'x'")


def test_too_few_kept_units_raises():
    e = np.r_[np.full(50, 0.5), np.full(5, 0.5), np.full(45, 0.001)]
    t = np.r_[np.zeros(50, int), np.ones(50, int)]
    d = diagnose_overlap(e, t)
    assert d.n_treated_kept == 5
    with pytest.raises(NoOverlapError, match="5 treated / 50 control"):
        check_overlap(d)
    check_overlap(d, min_units_per_arm=5, max_share_trimmed=0.6)
