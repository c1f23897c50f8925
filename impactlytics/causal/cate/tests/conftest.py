"""Small synthetic studies with a known heterogeneous effect tau(x)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from impactlytics.causal.cate import cross_fit_nuisances, fit_cate


class Synthetic(NamedTuple):
    X: np.ndarray
    t: np.ndarray
    y: np.ndarray
    e: np.ndarray
    tau: np.ndarray


def synthetic(n: int = 2000, seed: int = 0, heterogeneous: bool = True) -> Synthetic:
    """Confounded treatment, nonlinear outcome, tau(x) = 1 + x0 + 0.5 [x1 > 0] (sd ~1.03)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    e = np.clip(1 / (1 + np.exp(-(0.5 * x[:, 0] - 0.3 * x[:, 1]))), 0.02, 0.98)
    t = rng.binomial(1, e)
    tau = 1 + x[:, 0] + 0.5 * (x[:, 1] > 0) if heterogeneous else np.ones(n)
    y = x[:, 0] + np.sin(x[:, 2]) + tau * t + rng.normal(size=n)
    return Synthetic(x, t, y, e, tau)


def sqrt_pehe(estimate: np.ndarray, tau: np.ndarray) -> float:
    return float(np.sqrt(np.mean((estimate - tau) ** 2)))


@pytest.fixture(autouse=True)
def one_thread():
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session")
def study() -> Synthetic:
    return synthetic()


@pytest.fixture(scope="session")
def nuisances(study):
    with threadpool_limits(limits=1):
        return cross_fit_nuisances(study.X, study.t, study.y, study.e)


@pytest.fixture(scope="session")
def cate_fit(study):
    with threadpool_limits(limits=1):
        return fit_cate(study.X, study.t, study.y, study.e)
