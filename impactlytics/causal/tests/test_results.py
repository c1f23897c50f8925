import math

import pytest

from impactlytics.causal.results import EffectResult, check_estimand, normal_inference


def test_normal_inference_matches_wald_interval():
    lower, upper, p = normal_inference(1.959963984540054, 1.0)
    assert lower == pytest.approx(0.0, abs=1e-9)
    assert upper == pytest.approx(3.919927969, rel=1e-9)
    assert p == pytest.approx(0.05, rel=1e-6)


def test_normal_inference_alpha_and_degenerate_se():
    lo90, hi90, _ = normal_inference(0.0, 1.0, alpha=0.10)
    lo95, hi95, p = normal_inference(0.0, 1.0)
    assert lo95 < lo90 < 0 < hi90 < hi95 and p == 1.0
    assert normal_inference(2.0, 0.0) == (2.0, 2.0, 0.0)
    assert all(math.isnan(v) for v in normal_inference(1.0, float("nan")))
    with pytest.raises(ValueError):
        normal_inference(1.0, 1.0, alpha=1.5)


def test_effect_result_to_dict_round_trip():
    result = EffectResult("ipw", "ATE", 1.0, 0.5, 0.02, 1.98, 0.045, 10, 20, "m")
    assert EffectResult(**result.to_dict()) == result


def test_check_estimand():
    assert check_estimand("ATT") == "ATT"
    with pytest.raises(ValueError, match="estimand"):
        check_estimand("ATC")
