"""Best linear predictor test of effect heterogeneity (Chernozhukov, Demirer, Duflo &
Fernández-Val 2018)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.stats import norm

from impactlytics.causal.results import normal_inference


@dataclass(frozen=True)
class HeterogeneityTest:
    """BLP of the effect on a CATE proxy S: psi = b1 + b2 (S - mean S) + error.

    ``estimate`` is b2 (1 when S is a perfectly calibrated CATE, 0 under no heterogeneity the
    proxy can find) with its HC1 standard error, two-sided interval and the one-sided p-value
    of H0: b2 <= 0 against b2 > 0 — heterogeneity that the proxy orders. A negative slope is no
    evidence of heterogeneity: the out-of-fold proxy of the ``constant`` learner, the
    average of the other folds' scores, has a slope near -(K - 1) on K folds by construction,
    and a two-sided test called it heterogeneous about half the time under a constant effect;
    ``ate_estimate`` is b1, the estimand's average effect (the ATT for an ATT study).
    """

    test: str
    estimate: float
    std_error: float
    ci_lower: float
    ci_upper: float
    p_value: float
    ate_estimate: float
    n_units: int
    method: str

    def to_dict(self) -> dict:
        return asdict(self)


def blp_test(
    scores: np.ndarray,
    proxy: np.ndarray,
    weights: np.ndarray | None = None,
    alpha: float = 0.05,
) -> HeterogeneityTest:
    """BLP test from estimand scores (n,) with their weights (default 1: AIPW scores of the
    ATE, an OLS of psi on 1 and the demeaned proxy) and out-of-fold CATE predictions (n,).

    With weights w (T for the ATT) the coefficients solve sum (score - w h'b) h = 0 with
    h = (1, S - weighted mean S): the best linear predictor of tau on S over the estimand's
    population. Sandwich (HC1) covariance.
    """
    psi, s = np.asarray(scores, dtype=float), np.asarray(proxy, dtype=float)
    w = np.ones(psi.size) if weights is None else np.asarray(weights, dtype=float)
    n = psi.size
    design = np.column_stack([np.ones(n), s - np.average(s, weights=w)])
    bread = np.linalg.pinv((design * w[:, None]).T @ design)
    coef = bread @ design.T @ psi
    residual = psi - w * (design @ coef)
    meat = (design * residual[:, None] ** 2).T @ design
    covariance = bread @ meat @ bread * n / (n - 2)
    std_error = float(np.sqrt(covariance[1, 1]))
    ci_lower, ci_upper, _ = normal_inference(coef[1], std_error, alpha)
    p_value = float(norm.sf(coef[1] / std_error)) if std_error > 0 else float(coef[1] <= 0)
    return HeterogeneityTest(
        test="blp",
        estimate=float(coef[1]),
        std_error=std_error,
        ci_lower=ci_lower,
        ci_upper=ci_upper,
        p_value=p_value,
        ate_estimate=float(coef[0]),
        n_units=int((w > 0).sum()),
        method=(
            "regression of the estimand's AIPW scores on 1 and the demeaned out-of-fold CATE "
            "over the estimand's population, HC1 SE; one-sided p-value of H0: slope <= 0 "
            "(no heterogeneity the proxy orders)"
        ),
    )
