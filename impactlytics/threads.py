"""Native thread pools for model fits: a fixed, small size and threads that sleep when idle.

OpenMP (scikit-learn's boosted trees) and BLAS pools sized to every core spin-wait at each
barrier; when another process holds a core, every parallel region waits for the descheduled
thread and fits slow down tens of times (measured here: a boosted-tree fit 1.4 s on one
thread, 19 s on two with the default spinning policy while other work ran). Fits therefore
run on ``IMPACTLYTICS_THREADS`` threads (default 1: on this data size one thread is also the
fastest on a quiet machine), and the package asks OpenMP to sleep rather than spin when it
waits (``OMP_WAIT_POLICY=PASSIVE``, read when the OpenMP runtime loads, so this module is
imported first by the package).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from threadpoolctl import threadpool_limits

THREADS_ENV = "IMPACTLYTICS_THREADS"
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

F = TypeVar("F", bound=Callable)


def fit_thread_count() -> int:
    """Threads each native pool may use during a fit: ``$IMPACTLYTICS_THREADS``, default 1."""
    value = os.environ.get(THREADS_ENV, "1")
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{THREADS_ENV} must be a positive integer, got {value!r}")
    return int(value)


def with_fit_threads(function: F) -> F:
    """Run ``function`` with every native thread pool limited to :func:`fit_thread_count`."""

    @wraps(function)
    def limited(*args, **kwargs):
        with threadpool_limits(limits=fit_thread_count()):
            return function(*args, **kwargs)

    return limited  # type: ignore[return-value]
