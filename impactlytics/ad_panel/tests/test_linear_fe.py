import numpy as np
import pandas as pd
import pyfixest as pf
import pytest
from pyfixest.estimation import detect_singletons

from impactlytics.ad_panel.fits import linear_fe_records
from impactlytics.ad_panel.panel import build_panel_table
from impactlytics.ad_panel.tests.helpers import (
    FEATURES,
    FIXED_EFFECTS,
    load_rows,
    panel_spec,
    simulated_frame,
)

FORMULA = "revenue ~ clicks + " + " + ".join(f"clicks:{f}" for f in FEATURES)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    frame = simulated_frame()
    # Two singletons: a user and a vendor seen once (the vendor's row also makes its user
    # appear once more); both must be dropped, as pyfixest does.
    extra = frame.iloc[[0, 1]].copy()
    extra["row_id"] = [10**6, 10**6 + 1]
    extra["user_id"] = [10**5, frame["user_id"].iloc[1]]
    extra["vendor_id"] = [frame["vendor_id"].iloc[0], 10**5]
    return pd.concat([frame, extra], ignore_index=True)


@pytest.fixture(scope="module")
def linear(frame):
    spec = panel_spec()
    connection = load_rows(frame, spec)
    panel = build_panel_table(connection, "rows", spec)
    records = pd.DataFrame(linear_fe_records(connection, panel))
    return panel, records


def _coefficients(records: pd.DataFrame) -> pd.DataFrame:
    return records[records["record"] == "coefficient"].set_index("group_column")


def test_singletons_dropped_and_counted(linear):
    panel, records = linear
    assert panel.n_singletons == 2
    fit = records[records["record"] == "fit"].set_index("group_column")["estimate"]
    assert fit["n_singletons_dropped"] == 2
    assert fit["demean_converged"] == 1.0
    assert fit["demean_max_change"] < 1e-10


def test_singletons_dropped_repeatedly_as_pyfixest_counts_them():
    # A sparse panel (2,000 rows of 1,000 users and 1,000 vendors, like the benchmark's
    # pyfixest warm-up on the first 20,000 rows of the 10M panel): 484 rows are singletons at
    # first, 711 once the levels they leave alone are dropped in turn; pyfixest drops the same.
    frame = simulated_frame(n_rows=2_000, n_users=1_000, n_vendors=1_000, n_periods=20, seed=5)
    spec = panel_spec()
    panel = build_panel_table(load_rows(frame, spec), "rows", spec, ordered=False)
    assert panel.n_singletons == detect_singletons(frame[list(FIXED_EFFECTS)].to_numpy()).sum()
    assert panel.n_singletons == 711


def test_equals_ols_with_dummy_variables(frame, linear):
    _, records = linear
    kept = frame[(frame["row_id"] < 10**6)]
    regressors = [kept["clicks"].to_numpy()] + [
        (kept["clicks"] * kept[f]).to_numpy() for f in FEATURES
    ]
    dummies = [
        pd.get_dummies(kept[column], drop_first=index > 0, dtype=float).to_numpy()
        for index, column in enumerate(["user_id", "vendor_id", "period"])
    ]
    design = np.column_stack(regressors + dummies)
    beta = np.linalg.lstsq(design, kept["revenue"].to_numpy(), rcond=None)[0][:5]
    estimates = _coefficients(records).loc[["clicks"] + [f"clicks:{f}" for f in FEATURES]]
    np.testing.assert_allclose(estimates["estimate"], beta, rtol=1e-6, atol=1e-9)


def _feols(frame, cluster="user_id"):
    return pf.feols(f"{FORMULA} | user_id + vendor_id + period", frame, vcov={"CRV1": cluster})


NAMES = ["clicks"] + [f"clicks:{f}" for f in FEATURES]


def test_matches_pyfixest_coefficients_with_singletons(frame, linear):
    _, records = linear
    ours = _coefficients(records).loc[NAMES]
    np.testing.assert_allclose(ours["estimate"], _feols(frame).coef()[NAMES], rtol=1e-6)


def test_matches_pyfixest_coefficients_and_crv1_standard_errors():
    # Without singletons: pyfixest still counts a dropped singleton's level in the small-sample
    # correction's degrees of freedom (0.01% here), we do not.
    frame = simulated_frame(seed=4)
    spec = panel_spec()
    connection = load_rows(frame, spec)
    records = pd.DataFrame(
        linear_fe_records(connection, build_panel_table(connection, "rows", spec))
    )
    fitted = _feols(frame)
    ours = _coefficients(records).loc[NAMES]
    np.testing.assert_allclose(ours["estimate"], fitted.coef()[NAMES], rtol=1e-6)
    np.testing.assert_allclose(ours["std_error"], fitted.se()[NAMES], rtol=1e-6)


def test_crv1_standard_errors_by_a_cluster_that_is_not_a_fixed_effect():
    # Users grouped into 37 regions: the user fixed effect is nested in the clusters.
    frame = simulated_frame(seed=4).assign(region=lambda f: f["user_id"] % 37)
    spec = panel_spec(cluster="region")
    connection = load_rows(frame, spec)
    panel = build_panel_table(connection, "rows", spec)
    assert (panel.n_clusters, panel.nested_fixed_effects) == (37, (0,))
    ours = _coefficients(pd.DataFrame(linear_fe_records(connection, panel))).loc[NAMES]
    np.testing.assert_allclose(ours["std_error"], _feols(frame, "region").se()[NAMES], rtol=1e-6)


def test_average_slope_is_mean_of_linear_slope(frame, linear):
    _, records = linear
    coefficients = _coefficients(records)["estimate"]
    kept = frame[frame["row_id"] < 10**6]
    slopes = coefficients["clicks"] + sum(coefficients[f"clicks:{f}"] * kept[f] for f in FEATURES)
    average = records[records["record"] == "average_slope"].iloc[0]
    assert average["estimate"] == pytest.approx(slopes.mean(), rel=1e-9)
    assert average["ci_lower"] < average["estimate"] < average["ci_upper"]
