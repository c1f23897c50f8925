"""The simulated Steamly panel: shape, determinism, the exposure paths and the truth table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from impactlytics.simulate.rollout_panel import (
    AUTOPLAY_WEEK,
    N_WEEKS,
    RAW_COLUMNS,
    RECOMMENDER_WAVES,
    TRUTH_COLUMNS,
    simulate_rollout_panel,
)
from impactlytics.simulate.writer import DOMAIN_WRITERS


def test_panel_shape_and_determinism():
    raw, truth = simulate_rollout_panel(300, seed=1)
    again, truth_again = simulate_rollout_panel(300, seed=1)
    assert list(raw.columns) == list(RAW_COLUMNS) and list(truth.columns) == list(TRUTH_COLUMNS)
    assert len(raw) == 300 * N_WEEKS
    assert not raw.duplicated(["user_id", "week_index"]).any()
    pd.testing.assert_frame_equal(raw, again)
    pd.testing.assert_frame_equal(truth, truth_again)
    assert "rollout" in DOMAIN_WRITERS


def test_exposures_are_staggered_absorbing_and_confounded_by_segment():
    raw, _ = simulate_rollout_panel(5000, seed=2)
    by_user = raw.groupby("user_id")
    first = raw[raw["is_exposed"] == 1].groupby("user_id")["week_index"].min()
    assert set(first.unique()) == set(RECOMMENDER_WAVES)
    assert (by_user["is_exposed"].diff().dropna() >= 0).all()
    autoplay_first = raw[raw["is_exposed_autoplay"] == 1].groupby("user_id")["week_index"].min()
    assert set(autoplay_first.unique()) == {AUTOPLAY_WEEK}
    ever = by_user[["is_exposed"]].max().join(by_user["segment"].first())
    share = ever.groupby("segment")["is_exposed"].mean()
    assert share["power"] > share["regular"] > share["casual"]


def test_truth_cells_count_the_cohorts():
    raw, truth = simulate_rollout_panel(2000, seed=3)
    first = raw[raw["is_exposed"] == 1].groupby("user_id")["week_index"].min()
    recommender = truth[truth["rollout_name"] == "recommender_v2"]
    sizes = recommender.groupby("cohort_period")["n_units"].first()
    np.testing.assert_array_equal(sizes.to_numpy(), first.value_counts().sort_index().to_numpy())
    assert (recommender.loc[recommender["event_time"] < 0, "true_effect"] == 0).all()
    assert (recommender.loc[recommender["event_time"] >= 0, "true_effect"] > 0).all()
