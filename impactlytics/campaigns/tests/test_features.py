import numpy as np
import pandas as pd
import pytest

from impactlytics.campaigns.features import OptionEncoder, model_inputs


def plans(**columns) -> pd.DataFrame:
    base = {
        "platform": ["b", "a", "b"],
        "campaign_type": ["x", "x", "y"],
        "content_type": ["p", "q", "r"],
        "total_spend": [0.0, 99.0, np.e - 1],
    }
    return pd.DataFrame({**base, **columns})


def test_one_hot_blocks_in_sorted_level_order_then_log_spend():
    inputs = model_inputs(plans())
    encoded = OptionEncoder().fit(inputs).transform(inputs)
    expected = np.array(
        [
            [0, 1, 1, 0, 1, 0, 0, 0.0],
            [1, 0, 1, 0, 0, 1, 0, np.log(100.0)],
            [0, 1, 0, 1, 0, 0, 1, 1.0],
        ]
    )
    np.testing.assert_allclose(encoded, expected)


def test_unknown_label_names_the_field():
    encoder = OptionEncoder().fit(model_inputs(plans()))
    with pytest.raises(ValueError, match="unknown campaign_type labels: \\['z'\\]"):
        encoder.transform(model_inputs(plans(campaign_type=["x", "z", "y"])))
