import duckdb
import numpy as np
import pandas as pd

from impactlytics.ad_panel.vendor_slopes import vendor_slope_correction


def _residuals(gamma: np.ndarray, seed: int = 0) -> duckdb.DuckDBPyConnection:
    """Residuals of a least squares fit with vendor effects (mean zero within each vendor):
    e = gamma_v (d - mean_v d) + noise, 200 rows a vendor."""
    rng = np.random.default_rng(seed)
    vendor = np.repeat(np.arange(len(gamma)), 200)
    d = rng.poisson(3.0 + vendor % 4, len(vendor)).astype(float)
    centred = d - pd.Series(d).groupby(vendor).transform("mean").to_numpy()
    e = gamma[vendor] * centred + rng.normal(0, 0.5, len(vendor))
    e -= pd.Series(e).groupby(vendor).transform("mean").to_numpy()
    connection = duckdb.connect()
    connection.register("frame", pd.DataFrame({"v": vendor, "d": d, "e": e}))
    return connection


def test_recovers_vendor_slope_errors_and_moves_the_effects_by_them():
    gamma = np.random.default_rng(1).normal(0, 0.1, 80)
    connection = _residuals(gamma)
    correction = vendor_slope_correction(connection, "frame", "v", ["d"], "e", 80)
    assert np.corrcoef(correction.gamma[:, 0], gamma)[0, 1] > 0.98
    assert np.abs(correction.gamma[:, 0]).sum() < np.abs(gamma).sum()  # shrunk
    means = connection.execute("select v, avg(d), avg(e) from frame group by v order by v").df()
    expected = means.iloc[:, 2] - correction.gamma[:, 0] * means.iloc[:, 1]
    np.testing.assert_allclose(correction.effect_change, expected, atol=1e-10)


def test_no_vendor_slope_error_leaves_the_effects_nearly_alone():
    correction = vendor_slope_correction(_residuals(np.zeros(80)), "frame", "v", ["d"], "e", 80)
    assert np.abs(correction.gamma).max() < 0.01
    assert np.abs(correction.effect_change).max() < 0.05
