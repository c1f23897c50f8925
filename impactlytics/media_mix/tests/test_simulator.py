import pandas as pd
import pytest

from impactlytics.simulate.media_mix import CHANNELS, simulate_media_mix, true_outcome_gain


def test_the_simulator_is_deterministic_and_complete():
    first = simulate_media_mix(2, seed=4)
    second = simulate_media_mix(2, seed=4)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)
    metrics, outcomes, overlap, truth, _ = first
    assert len(metrics) == 2 * 168 * len(CHANNELS) == len(outcomes) * len(CHANNELS)
    assert (metrics["spend"] >= 0).all() and (
        metrics.loc[metrics["reach"] == 0, "frequency"] == 0
    ).all()
    reach = metrics.set_index(["ts", "channel"])["reach"]
    for row in overlap.itertuples():
        assert row.overlap_reach <= min(
            reach[(row.ts, row.channel_a)], reach[(row.ts, row.channel_b)]
        )
    assert list(truth["channel"]) == list(CHANNELS)


def test_true_roi_is_the_outcome_lost_with_the_channel_at_zero():
    metrics, _, _, truth, overlap_truth = simulate_media_mix(3, seed=2)
    for row in truth.itertuples():
        lost = -true_outcome_gain(metrics, truth, overlap_truth, {row.channel: 0.0})
        assert lost / row.true_spend == pytest.approx(row.true_roi, rel=1e-9)
