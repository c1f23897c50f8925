import numpy as np
import pandas as pd
import pytest

from impactlytics.report.sections import media_mix

from .conftest import assert_titled_and_labelled, draw_figure

SPECS = {spec.name: spec for spec in media_mix.SECTION.figures}
CHANNELS = ("search", "video")


@pytest.fixture
def marts() -> dict[str, pd.DataFrame]:
    """One media mix, two channels, 3 days hourly; truth for the ROI figure."""
    ts = pd.date_range("2026-01-01", periods=72, freq="h")
    multipliers = np.round(np.arange(0, 2.01, 0.5), 2)
    curves = pd.DataFrame(
        [
            {
                "media_mix": "mix",
                "channel": c,
                "spend_multiplier": m,
                "spend": 100 * m,
                "contribution": 80 * np.sqrt(m),
                "contribution_lower": 70 * np.sqrt(m),
                "contribution_upper": 90 * np.sqrt(m),
            }
            for c in CHANNELS
            for m in multipliers
        ]
    )
    forecast = pd.DataFrame(
        {
            "media_mix": "mix",
            "ts": ts,
            "split": ["validation"] * 36 + ["test"] * 36,
            "actual": 10.0,
            "forecast": 11.0,
            "forecast_harmonized": 10.5,
            "lower": 9.0,
            "upper": 13.0,
            "gamma_keep_share": 0.25,
        }
    )
    return {
        "fct_media_roi": pd.DataFrame(
            {
                "media_mix": "mix",
                "channel": CHANNELS,
                "roi": [1.0, 2.0],
                "roi_lower": [0.8, 1.5],
                "roi_upper": [1.3, 2.4],
                "marginal_roi": [0.4, 0.9],
            }
        ),
        "fct_recovery_metrics": pd.DataFrame(
            {
                "domain": "media_mix",
                "analysis": "mix",
                "outcome": CHANNELS,
                "metric": "true_roi",
                "value": [1.1, 1.9],
            }
        ),
        "fct_media_contributions": pd.DataFrame(
            {
                "media_mix": "mix",
                "ts": np.repeat(ts, 2),
                "channel": np.tile(CHANNELS, 72),
                "contribution": 1.0,
            }
        ),
        "fct_media_response_curves": curves,
        "fct_media_forecast": forecast,
    }


@pytest.mark.parametrize("name", list(SPECS))
def test_every_figure_has_a_title_and_labelled_axes(name, marts):
    (plot,) = draw_figure(SPECS[name], marts)
    assert plot.key == "mix"
    assert_titled_and_labelled(plot)


def test_roi_figure_draws_the_mart_intervals_and_the_truth(marts):
    (plot,) = draw_figure(SPECS["roi"], marts)
    ax = plot.figure.axes[0]
    (series,) = [c for c in ax.containers if c.get_label() == "ROI, 90% CI"]
    (bars,) = series.lines[2]
    drawn = sorted((seg[0][1], seg[1][1]) for seg in bars.get_segments())
    np.testing.assert_allclose(drawn, [(0.8, 1.3), (1.5, 2.4)])
    truth = next(c for c in ax.collections if c.get_label() == "true ROI (simulated)")
    np.testing.assert_allclose(truth.get_offsets()[:, 1], [1.1, 1.9])


def test_contributions_are_summed_per_day_and_the_forecast_title_compares_errors(marts):
    (plot,) = draw_figure(SPECS["contributions"], marts)
    top = plot.figure.axes[0].collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(48.0)
    (forecast,) = draw_figure(SPECS["forecast"], marts)
    assert forecast.figure.axes[0].get_title() == (
        "test MAE 1.0 unfiltered, 0.5 harmonized (Γ keeps 25% of the frequencies)"
    )
