import numpy as np
import pandas as pd
import pytest

from impactlytics.ad_panel.fits import (
    fold_sql,
    linear_fe_records,
    network_predictions,
    network_records,
)
from impactlytics.ad_panel.panel import build_panel_table
from impactlytics.ad_panel.tests.helpers import FEATURES, load_rows, panel_spec, simulated_frame
from impactlytics.simulate.ad_panel import AdPanelShape, simulate_ad_panel_chunks


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return simulated_frame(n_rows=6_000, seed=11)


def _fit(frame, max_epochs: int, random_state: int = 3, cross_fit_folds: int = 2):
    spec = panel_spec(max_epochs=max_epochs, cross_fit_folds=cross_fit_folds)
    connection = load_rows(frame, spec)
    panel = build_panel_table(connection, "rows", spec)
    linear = pd.DataFrame(linear_fe_records(connection, panel))
    trained = network_predictions(connection, panel, linear, random_state, "predictions")
    predictions = connection.execute("select * from predictions order by row_index").df()
    return connection, panel, linear, trained, predictions


@pytest.mark.parametrize("folds", [1, 2])
def test_warm_start_reproduces_the_linear_fe_slopes(frame, folds):
    _, _, linear, trained, predictions = _fit(frame, max_epochs=0, cross_fit_folds=folds)
    coefficients = linear[linear["record"] == "coefficient"].set_index("group_column")["estimate"]
    expected = coefficients["clicks"] + sum(
        coefficients[f"clicks:{f}"] * frame.sort_values("row_id")[f].to_numpy() for f in FEATURES
    )
    assert trained.epochs == 0
    np.testing.assert_allclose(predictions["beta_0"], expected, atol=1e-4)


def test_untrained_network_gives_the_linear_fe_average_slope(frame):
    # beta_hat is then linear in X: the sieve's beta_hat column is collinear with slope x X.
    connection, panel, linear, trained, _ = _fit(frame, max_epochs=0)
    records = pd.DataFrame(network_records(connection, panel, "predictions", trained.epochs))
    ours = records[records["record"] == "average_slope"].iloc[0]
    expected = linear[linear["record"] == "average_slope"].iloc[0]
    assert ours["estimate"] == pytest.approx(expected["estimate"], abs=1e-4)
    assert ours["std_error"] == pytest.approx(expected["std_error"], rel=0.05)


def test_deterministic_given_random_state(frame):
    first = _fit(frame, max_epochs=2)[4]
    second = _fit(frame, max_epochs=2)[4]
    other = _fit(frame, max_epochs=2, random_state=4)[4]
    pd.testing.assert_frame_equal(first, second)
    assert not np.allclose(first["beta_0"], other["beta_0"])


def test_training_improves_on_the_linear_slope_and_debiases(frame):
    connection, panel, _, trained, predictions = _fit(frame, max_epochs=15)
    records = pd.DataFrame(network_records(connection, panel, "predictions", trained.epochs))
    kept = frame.sort_values("row_id")
    truth = pd.concat(
        [t for _, t in simulate_ad_panel_chunks(AdPanelShape(6_000, 300, 60, 10), 11)]
    ).sort_values("row_id")
    correlation = np.corrcoef(predictions["beta_0"], truth["true_slope"])[0, 1]
    assert correlation > 0.95
    average = records[records["record"] == "average_slope"].iloc[0]
    assert abs(average["estimate"] - truth["true_slope"].mean()) < 4 * average["std_error"]
    vendors = records[records["record"] == "vendor_slope"]
    assert len(vendors) == kept["vendor_id"].nunique()
    assert (vendors["ci_lower"] < vendors["estimate"]).all()
    counterfactual = records[records["record"] == "counterfactual"]
    assert counterfactual["estimate"].sum() == pytest.approx(
        0.1 * (predictions["beta_0"] * kept["clicks"].to_numpy()).sum(), rel=0.05
    )


def test_cross_fitting_predicts_each_fold_with_a_network_blind_to_it(frame):
    """Perturbing the outcomes of fold 0's clusters changes only fold 1's predictions: fold 0 is
    predicted by the network trained on fold 1 alone (the warm start held fixed)."""
    connection, panel, linear, _, before = _fit(frame, max_epochs=2)
    fold_0 = fold_sql(panel, 0, random_state=3)
    connection.execute(f"update {panel.table} set y = y + 5 * sin(row_index) where {fold_0}")
    network_predictions(connection, panel, linear, 3, "predictions")
    after = connection.execute("select * from predictions order by row_index").df()
    in_fold_0 = connection.execute(
        f"select {fold_0} as fold_0 from {panel.table} order by row_index"
    ).df()["fold_0"]
    assert 0.3 < in_fold_0.mean() < 0.7
    pd.testing.assert_frame_equal(before[in_fold_0], after[in_fold_0])
    assert not np.allclose(before.loc[~in_fold_0, "beta_0"], after.loc[~in_fold_0, "beta_0"])
