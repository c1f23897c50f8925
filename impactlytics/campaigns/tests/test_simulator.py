import numpy as np
import pandas as pd

from impactlytics.simulate.campaigns import (
    ENGAGEMENT_PARTS,
    EXPECTATION_COLUMNS,
    RAW_COLUMNS,
    achievable_r2,
    simulate_campaigns,
)
from impactlytics.simulate.writer import DOMAIN_WRITERS


def test_same_seed_same_frames_and_columns():
    first, second = simulate_campaigns(300, 4), simulate_campaigns(300, 4)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)
    raw, expectations, _ = first
    assert tuple(raw.columns) == RAW_COLUMNS
    assert tuple(expectations.columns) == EXPECTATION_COLUMNS
    assert raw["campaign_id"].is_unique
    assert (raw[["total_spend", "impressions", *ENGAGEMENT_PARTS]] >= 0).all().all()
    assert not simulate_campaigns(300, 5)[0].equals(raw)


def test_achievable_r2_matches_a_large_sample():
    """The quadrature value equals the R² of the true mean on 400,000 simulated campaigns."""
    raw, expectations, predictability = simulate_campaigns(400_000, 8)
    observed = {
        "impressions": np.log1p(raw["impressions"]),
        "engagement": np.log1p(raw[list(ENGAGEMENT_PARTS)].sum(axis=1)),
    }
    exact = predictability.set_index("target")["achievable_r2"]
    for target, y in observed.items():
        mean = expectations[f"expected_log_{target}"]
        sample_r2 = 1 - np.mean((y - mean) ** 2) / np.var(y)
        assert abs(sample_r2 - exact[target]) < 0.005, target
    pd.testing.assert_frame_equal(predictability, achievable_r2())


def test_registered_writer(tmp_path):
    written = DOMAIN_WRITERS["campaigns"](tmp_path, 1, "small")
    assert set(written) == {"campaigns", "campaign_expectations", "campaign_predictability"}
    assert len(pd.read_parquet(written["campaigns"])) == 1_000
