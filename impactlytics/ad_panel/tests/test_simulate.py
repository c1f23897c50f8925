import hashlib

import numpy as np
import pandas as pd

from impactlytics.simulate.ad_panel import (
    AdPanelShape,
    simulate_ad_panel_chunks,
    true_fixed_effects,
)
from impactlytics.simulate.writer import write_ad_panel


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_writes_identical_files(tmp_path):
    first = write_ad_panel(tmp_path / "a", seed=2, scale="small")
    second = write_ad_panel(tmp_path / "b", seed=2, scale="small")
    assert {k: _digest(p) for k, p in first.items()} == {k: _digest(p) for k, p in second.items()}
    raw = pd.read_parquet(first["ad_clicks_revenue"])
    truth = pd.read_parquet(first["ad_true_slopes"])
    assert len(raw) == len(truth) == 20_000
    assert (raw["row_id"].to_numpy() == truth["row_id"].to_numpy()).all()


def test_rows_do_not_depend_on_the_chunk_size():
    shape = AdPanelShape(1_200_000, 500, 50, 10)
    whole = [raw for raw, _ in simulate_ad_panel_chunks(shape, 7)]
    small = [raw for raw, _ in simulate_ad_panel_chunks(shape, 7, chunk_rows=250_000)]
    assert len(whole) == 2 and len(small) == 5
    pd.testing.assert_frame_equal(
        pd.concat(whole, ignore_index=True), pd.concat(small, ignore_index=True)
    )


def test_outcomes_differ_through_the_slope_and_g():
    shape = AdPanelShape(5_000, 300, 60, 10)
    ((raw, truth),) = list(simulate_ad_panel_chunks(shape, 1))
    gap = raw["revenue"] - raw["revenue_linear"]
    slope_gap = (truth["true_slope"] - truth["true_slope_linear"]) * raw["clicks"]
    g = gap - slope_gap  # g(X): interactions of user and vendor features, mean about 0
    assert abs(g.mean()) < 0.05 and g.std() > 0.2
    by_user = g.groupby(raw["user_id"]).mean()
    assert by_user.std() < 0.5 * g.std()  # no large additive user part
    assert np.corrcoef(truth["true_slope"], truth["true_slope_linear"])[0, 1] < 0.95
    effects = true_fixed_effects(shape, 1)
    assert effects.groupby("dimension").size().to_dict() == {
        "period": 10,
        "user_id": 300,
        "vendor_id": 60,
    }


def test_truth_noise_leaves_exactly_the_fixed_effects_of_the_linear_outcome():
    shape = AdPanelShape(5_000, 300, 60, 10)
    ((raw, truth),) = list(simulate_ad_panel_chunks(shape, 4))
    effects = true_fixed_effects(shape, 4).set_index(["dimension", "level"])["true_effect"]
    fixed = sum(
        effects.loc[column].reindex(raw[column].astype(str)).to_numpy()
        for column in ("user_id", "vendor_id", "period")
    )
    rest = raw["revenue_linear"] - truth["true_slope_linear"] * raw["clicks"] - truth["noise"]
    np.testing.assert_allclose(rest, fixed, atol=1e-12)
    assert 0.45 < truth["noise"].std() < 0.55
