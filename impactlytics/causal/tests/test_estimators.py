from typing import NamedTuple

import numpy as np
import pytest
from scipy.special import expit
from sklearn.linear_model import LinearRegression

from impactlytics.causal.estimators import (
    AIPW,
    ESTIMATORS,
    IPW,
    PSMatching,
    PSStratification,
    estimate_all,
)
from impactlytics.causal.estimators.matching import (
    matched_outcome_curve,
    nearest_index,
    within_arm_variance,
)
from impactlytics.causal.estimators.stratification import propensity_strata, refine_strata
from impactlytics.causal.propensity import PropensityModel

EXPECTED_NAMES = [
    "difference_in_means",
    "regression_adjustment",
    "ipw",
    "aipw",
    "psm_matching",
    "ps_stratification",
]


class Sim(NamedTuple):
    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    e: np.ndarray
    tau: np.ndarray


def simulate(n=4000, seed=0, effect=2.0, heterogeneity=1.0):
    """Confounded design: logistic true propensity, linear outcome, tau(x) = effect + h * x0.

    Population ATE = effect; the ATT exceeds it because treatment rises with x0.
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    e = expit(-0.2 + 1.0 * x[:, 0] - 0.7 * x[:, 1] + 0.3 * x[:, 2])
    t = rng.binomial(1, e)
    tau = effect + heterogeneity * x[:, 0]
    y = 1.0 + 2.0 * x[:, 0] + 1.0 * x[:, 1] - 0.5 * x[:, 2] + t * tau + rng.normal(size=n)
    return Sim(x, t, y, e, tau)


@pytest.fixture(scope="module")
def sim():
    return simulate()


@pytest.fixture(scope="module")
def ate_results(sim):
    return {r.estimator: r for r in estimate_all(sim.X, sim.t, sim.y, sim.e, estimand="ATE")}


@pytest.fixture(scope="module")
def att_results(sim):
    return {r.estimator: r for r in estimate_all(sim.X, sim.t, sim.y, sim.e, estimand="ATT")}


def test_registry_order_and_names():
    assert list(ESTIMATORS) == EXPECTED_NAMES
    assert all(cls.name == name for name, cls in ESTIMATORS.items())


@pytest.mark.parametrize("name", EXPECTED_NAMES[1:])
def test_adjusted_estimators_recover_ate(ate_results, name):
    r = ate_results[name]
    assert abs(r.estimate - 2.0) < 3.5 * r.std_error + 0.02, r


def test_difference_in_means_is_biased_under_confounding(ate_results):
    r = ate_results["difference_in_means"]
    assert abs(r.estimate - 2.0) > 8 * r.std_error


@pytest.mark.parametrize("name", EXPECTED_NAMES[1:])
def test_att_recovered_and_differs_from_ate(sim, ate_results, att_results, name):
    att_true = sim.tau[sim.t == 1].mean()
    assert att_true > 2.3  # heterogeneous, confounded effect: ATT != ATE
    r = att_results[name]
    assert r.estimand == "ATT"
    assert abs(r.estimate - att_true) < 3.5 * r.std_error + 0.02, r
    assert r.estimate - ate_results[name].estimate > 0.2


def test_att_method_flagged_for_difference_in_means(att_results):
    assert "ATT" in att_results["difference_in_means"].method


def test_result_fields_are_consistent(sim, ate_results, att_results):
    n1 = int(sim.t.sum())
    for r in [*ate_results.values(), *att_results.values()]:
        assert r.ci_lower < r.estimate < r.ci_upper
        assert 0.0 <= r.p_value <= 1.0
        assert r.p_value < 1e-6  # effect of 2 outcome units is large
        assert r.std_error > 0
        assert (r.n_treated, r.n_control) == (n1, sim.t.size - n1)
        assert r.method


def test_null_effect_is_not_significant():
    s = simulate(n=3000, seed=5, effect=0.0, heterogeneity=0.0)
    r = AIPW(outcome_model=LinearRegression()).fit(s.X, s.t, s.y, s.e).result_
    assert r.p_value > 0.01


@pytest.mark.parametrize("cls", list(ESTIMATORS.values()))
def test_invalid_estimand_raises(cls, sim):
    with pytest.raises(ValueError, match="estimand"):
        cls(estimand="ATC")
    est = cls()
    est.estimand = "ate"
    with pytest.raises(ValueError, match="estimand"):
        est.fit(sim.X, sim.t, sim.y, sim.e)
    with pytest.raises(ValueError, match="estimand"):
        estimate_all(sim.X, sim.t, sim.y, sim.e, estimand="ATC")


@pytest.mark.parametrize("cls", list(ESTIMATORS.values()))
def test_input_validation(cls, sim):
    with pytest.raises(ValueError):
        cls().fit(sim.X, sim.t, sim.y, np.clip(sim.e * 2, 0, 1))
    with pytest.raises(ValueError):
        cls().fit(sim.X, sim.t, sim.y[:-1], sim.e)


def test_deterministic_given_random_state():
    s = simulate(n=600, seed=3)
    runs = [estimate_all(s.X, s.t, s.y, s.e, random_state=11) for _ in range(2)]
    assert runs[0] == runs[1]
    other = AIPW(random_state=12).fit(s.X, s.t, s.y, s.e).result_
    assert other.estimate != runs[0][3].estimate


def test_aipw_confidence_interval_coverage():
    """Monte-Carlo: 95% CIs of AIPW cover the population ATE in >= 85% of 40 replications."""
    hits = 0
    for rep in range(40):
        s = simulate(n=1000, seed=100 + rep)
        r = AIPW(outcome_model=LinearRegression(), random_state=rep).fit(s.X, s.t, s.y, s.e)
        hits += r.result_.ci_lower <= 2.0 <= r.result_.ci_upper
    assert hits / 40 >= 0.85


def test_nearest_index_matches_brute_force():
    rng = np.random.default_rng(0)
    pool = np.sort(rng.normal(size=200))
    queries = rng.normal(scale=2, size=500)
    brute = np.abs(pool[None, :] - queries[:, None]).min(axis=1)
    np.testing.assert_allclose(np.abs(pool[nearest_index(pool, queries)] - queries), brute)


def test_within_arm_variance_uses_nearest_other_units():
    values = np.array([0.0, 1.0, 10.0, 10.5])
    y = np.array([1.0, 3.0, 5.0, 5.0])
    # J=1: nearest neighbours are 1<->0 and 2<->3 -> 1/2 (y_i - y_j)^2
    np.testing.assert_allclose(within_arm_variance(values, y, 1), [2.0, 2.0, 0.0, 0.0])


def test_strata_are_merged_until_both_arms_present():
    e = np.linspace(0.01, 0.99, 100)
    t = np.r_[np.zeros(10, int), np.tile([0, 1], 45)]  # lowest decile has no treated units
    strata = propensity_strata(e, t, 10)
    for k in np.unique(strata):
        assert min(t[strata == k].sum(), (1 - t[strata == k]).sum()) >= 2
    assert np.unique(strata).size == 9
    assert (np.diff(strata) >= 0).all()  # strata stay ordered in the propensity


def test_ipw_standard_error_accounts_for_the_estimated_propensity():
    """Adjusted SE matches the Monte-Carlo spread; the known-propensity SE overstates it."""
    rng = np.random.default_rng(7)
    estimates, adjusted, known = [], [], []
    for replication in range(30):
        x = rng.normal(size=(3000, 2))
        t = (rng.random(3000) < expit(0.8 * x[:, 0] - 0.5 * x[:, 1])).astype(int)
        y = 1.5 * x[:, 0] + x[:, 1] + 0.5 * t + rng.normal(size=3000)
        model = PropensityModel(candidates=("logistic",), random_state=replication).fit(x, t)
        e = model.propensity_full_fit_
        result = IPW(propensity_model="logistic").fit(x, t, y, e).result_
        estimates.append(result.estimate)
        adjusted.append(result.std_error)
        known.append(IPW().fit(x, t, y, e).result_.std_error)
    spread = np.std(estimates)
    assert 0.75 * spread < np.mean(adjusted) < 1.25 * spread
    assert np.mean(known) > 1.5 * np.mean(adjusted)


def rare_treatment(n=20_000, seed=0):
    """~3% treated, scores skewed towards 0; outcome steep in the score, effect 1 + x."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    e = expit(-4.5 + 1.5 * x[:, 0] - 0.5 * x[:, 1])
    t = rng.binomial(1, e)
    tau = 1.0 + x[:, 0]
    y = 3.0 * x[:, 0] + np.exp(0.5 * x[:, 0]) - x[:, 1] + t * tau + rng.normal(size=n)
    return Sim(x, t, y, e, tau)


def test_att_strata_hold_equal_numbers_of_treated():
    s = rare_treatment()
    strata = propensity_strata(s.e, s.t, 10, edges_from=s.t == 1)
    treated_per_stratum = np.bincount(strata, weights=s.t)
    assert treated_per_stratum.min() >= 0.8 * treated_per_stratum.max()
    all_units = np.bincount(propensity_strata(s.e, s.t, 10), weights=s.t)
    assert all_units[:5].sum() < 0.1 * s.t.sum()  # cut on all scores, the treated crowd the top


def test_refined_strata_are_balanced_in_the_score():
    s = rare_treatment(seed=1)
    logit = np.log(s.e) - np.log1p(-s.e)
    treated = s.t == 1
    initial = propensity_strata(s.e, s.t, 5, edges_from=treated)
    refined = refine_strata(logit, s.t, initial, treated)
    assert refined.max() > initial.max()
    for k in range(int(refined.max()) + 1):
        rows = refined == k
        a, b = logit[rows & treated], logit[rows & ~treated]
        assert min(a.size, b.size) >= 2
        se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
        assert abs(a.mean() - b.mean()) <= 1.96 * se or min(a.size, b.size) < 8


def test_att_estimators_recover_the_att_of_a_rare_treatment():
    """Stratification and matching, on the true score, within 3 SE of the sample ATT."""
    s = rare_treatment(seed=2)
    att = s.tau[s.t == 1].mean()
    for estimator in (PSStratification(estimand="ATT"), PSMatching(estimand="ATT")):
        r = estimator.fit(s.X, s.t, s.y, s.e).result_
        assert abs(r.estimate - att) < 3 * r.std_error, (estimator, r, att)


def test_matched_outcome_curve_follows_the_matched_units():
    score = np.linspace(-3, 3, 400)
    y = score**2
    used = np.where(score > -2, 1.0, 0.0)
    fitted = matched_outcome_curve(score, y, used)
    assert np.abs(fitted - y)[used > 0].max() < 0.1


def test_ipw_att_standard_error_accounts_for_the_estimated_propensity():
    """For the ATT the stacked M-estimation SE matches the Monte-Carlo spread."""
    rng = np.random.default_rng(11)
    estimates, adjusted = [], []
    for replication in range(30):
        x = rng.normal(size=(3000, 2))
        t = (rng.random(3000) < expit(-1.0 + 0.8 * x[:, 0] - 0.5 * x[:, 1])).astype(int)
        y = 1.5 * x[:, 0] + x[:, 1] + (0.5 + 0.5 * x[:, 0]) * t + rng.normal(size=3000)
        model = PropensityModel(candidates=("logistic",), random_state=replication).fit(x, t)
        result = IPW(estimand="ATT", propensity_model="logistic")
        result = result.fit(x, t, y, model.propensity_full_fit_).result_
        estimates.append(result.estimate)
        adjusted.append(result.std_error)
    spread = np.std(estimates)
    assert 0.75 * spread < np.mean(adjusted) < 1.25 * spread
