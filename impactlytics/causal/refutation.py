"""Refutation tests of an effect estimate in the spirit of DoWhy's refuters, run with the
project's own estimators: what should happen to the estimate when the data are changed in a way
whose effect on it is known.

Each refuter reports the estimate it expects (0 or the original), an acceptance interval for
the new estimate and, where a sampling test exists, its p-value; it passes when the new
estimate lies in the interval (equivalently p >= alpha).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import numpy as np
from scipy.stats import norm

from impactlytics.causal.estimators import ESTIMATORS, make_estimator
from impactlytics.causal.results import EffectResult

REFUTERS: tuple[str, ...] = (
    "placebo_treatment",
    "random_common_cause",
    "data_subset",
    "dummy_outcome",
)
SUBSET_FRACTION = 0.8


@dataclass(frozen=True)
class Refutation:
    """One refuter's result; estimates in outcome units.

    ``new_std_error`` is the standard error the interval uses (of the repeats' mean for the
    placebo, the subsets' mean SE for the subsets); ``p_value`` is NaN for the random common
    cause and the subsets, stability checks without a calibrated sampling test.
    """

    refuter: str
    n_repeats: int
    original_estimate: float
    original_std_error: float
    new_estimate: float
    new_std_error: float
    expected_estimate: float
    acceptance_lower: float
    acceptance_upper: float
    p_value: float
    passed: bool
    method: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RefutationInputs:
    """One analysis sample: X (n, d), t (n,) 0/1, y (n,), the propensity the estimator takes
    (cross-fitted for AIPW, in-sample otherwise) and the model that produced it."""

    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    e: np.ndarray
    propensity_model: str


def _fit(
    inputs: RefutationInputs,
    estimator: str,
    estimand: str,
    random_state: int,
    **changes: np.ndarray | str | None,
) -> EffectResult:
    """The estimator on the inputs with some of X, t, y, e, propensity_model replaced."""
    changed = replace(inputs, **changes)
    model = make_estimator(
        estimator, estimand, random_state=random_state, propensity_model=changed.propensity_model
    )
    return model.fit(changed.X, changed.t, changed.y, changed.e).result_


def _result(
    refuter: str,
    original: EffectResult,
    new_estimate: float,
    new_std_error: float,
    expected: float,
    half_width: float,
    p_value: float,
    n_repeats: int,
    method: str,
) -> Refutation:
    lower, upper = expected - half_width, expected + half_width
    return Refutation(
        refuter=refuter,
        n_repeats=n_repeats,
        original_estimate=original.estimate,
        original_std_error=original.std_error,
        new_estimate=new_estimate,
        new_std_error=new_std_error,
        expected_estimate=expected,
        acceptance_lower=lower,
        acceptance_upper=upper,
        p_value=p_value,
        passed=bool(lower <= new_estimate <= upper),
        method=method,
    )


def _two_sided_p(distance: float, std_error: float) -> float:
    return float(2 * norm.sf(abs(distance) / std_error)) if std_error > 0 else math.nan


def refute(
    inputs: RefutationInputs,
    estimator: str = "aipw",
    estimand: str = "ATE",
    n_repeats: int = 2,
    alpha: float = 0.05,
    random_state: int = 0,
) -> list[Refutation]:
    """Every refuter of :data:`REFUTERS` on one analysis sample (placebo and subsets repeated
    ``n_repeats`` times with independent draws)."""
    if estimator not in ESTIMATORS:
        raise ValueError(f"unknown estimator {estimator!r}; choose from {sorted(ESTIMATORS)}")
    rng = np.random.default_rng(random_state)
    z = float(norm.ppf(1 - alpha / 2))
    n = inputs.t.size
    original = _fit(inputs, estimator, estimand, random_state)
    results = []

    # Placebo: a permuted treatment has no effect; its true propensity is the treated share.
    placebos = []
    for _ in range(n_repeats):
        placebo = rng.permutation(inputs.t)
        e = np.full(n, placebo.mean())
        placebos.append(
            _fit(inputs, estimator, estimand, random_state, t=placebo, e=e, propensity_model=None)
        )
    mean = float(np.mean([p.estimate for p in placebos]))
    std_error = float(np.sqrt(np.mean([p.std_error**2 for p in placebos]) / n_repeats))
    results.append(
        _result(
            "placebo_treatment",
            original,
            mean,
            std_error,
            0.0,
            z * std_error,
            _two_sided_p(mean, std_error),
            n_repeats,
            f"{estimator} with the treatment permuted at random (propensity = treated share), "
            f"mean of {n_repeats} permutations; SE of the mean = rms SE / sqrt(repeats); "
            "expected 0",
        )
    )

    # Random common cause: an added independent N(0, 1) covariate should not move the estimate.
    noise = rng.normal(size=(n, 1))
    common = _fit(inputs, estimator, estimand, random_state, X=np.hstack([inputs.X, noise]))
    results.append(
        _result(
            "random_common_cause",
            original,
            common.estimate,
            common.std_error,
            original.estimate,
            z * original.std_error,
            math.nan,
            1,
            f"{estimator} with an independent N(0, 1) covariate added (the propensity is kept: "
            "the covariate is independent of the treatment); passes inside the original "
            f"{1 - alpha:.0%} CI",
        )
    )

    # Data subsets: refitted on 80% of the units, the estimate should stay within the subsets'
    # own sampling error of the original (a stability check: the refitted nuisances add noise
    # that a pure subsampling variance, (1 - f) / f times the original's, would not allow for).
    size = int(round(SUBSET_FRACTION * n))
    subsets = []
    for _ in range(n_repeats):
        rows = np.sort(rng.choice(n, size=size, replace=False))
        subset = {key: getattr(inputs, key)[rows] for key in ("X", "t", "y", "e")}
        subsets.append(_fit(inputs, estimator, estimand, random_state, **subset))
    std_error = float(np.mean([s.std_error for s in subsets]))
    results.append(
        _result(
            "data_subset",
            original,
            float(np.mean([s.estimate for s in subsets])),
            std_error,
            original.estimate,
            z * std_error,
            math.nan,
            n_repeats,
            f"{estimator} refitted on {n_repeats} random {SUBSET_FRACTION:.0%} subsamples; "
            f"passes when their mean lies within {z:.2f} x their mean SE of the original",
        )
    )

    # Dummy outcome: a linear function of the covariates plus permuted residuals keeps the
    # outcome's confounding through X but has no treatment effect.
    design = np.column_stack([np.ones(n), inputs.X])
    coef, *_ = np.linalg.lstsq(np.column_stack([design, inputs.t]), inputs.y, rcond=None)
    fitted = design @ coef[:-1]
    dummy_y = fitted + rng.permutation(inputs.y - fitted - coef[-1] * inputs.t)
    dummy = _fit(inputs, estimator, estimand, random_state, y=dummy_y)
    results.append(
        _result(
            "dummy_outcome",
            original,
            dummy.estimate,
            dummy.std_error,
            0.0,
            z * dummy.std_error,
            dummy.p_value,
            1,
            f"{estimator} on a dummy outcome: the outcome's OLS fit on the covariates plus "
            "permuted residuals (confounded through X, no treatment effect); expected 0",
        )
    )
    return results
