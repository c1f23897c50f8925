import os

import pytest
from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: F401 (loads OpenMP)
from threadpoolctl import threadpool_info

from impactlytics.threads import THREADS_ENV, fit_thread_count, with_fit_threads


def test_openmp_waits_passively():
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"


def test_fits_run_on_the_configured_thread_count(monkeypatch):
    @with_fit_threads
    def pool_sizes():
        return {pool["user_api"]: pool["num_threads"] for pool in threadpool_info()}

    assert set(pool_sizes().values()) == {1}
    monkeypatch.setenv(THREADS_ENV, "2")
    assert fit_thread_count() == 2
    monkeypatch.setenv(THREADS_ENV, "zero")
    with pytest.raises(ValueError, match=THREADS_ENV):
        fit_thread_count()
