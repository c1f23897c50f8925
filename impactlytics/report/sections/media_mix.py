"""Media mix: ROI with 90% intervals against the truth, contributions over time, response
curves, and held-out forecasts beside their Fourier harmonization."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from impactlytics.report.plotting import new_figure, panels_by_analysis
from impactlytics.report.spec import FigureSpec, Plot, Section

TRUTH_COLOR = "#d62728"


def _roi_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    roi = frames["fct_media_roi"]
    recovery = frames["fct_recovery_metrics"]
    truth = recovery[(recovery["domain"] == "media_mix") & (recovery["metric"] == "true_roi")]
    for name, rows in roi.groupby("media_mix", sort=True):
        rows = rows.sort_values("channel")
        positions = np.arange(len(rows))
        figure = new_figure(height=3.6)
        ax = figure.subplots()
        errors = [rows["roi"] - rows["roi_lower"], rows["roi_upper"] - rows["roi"]]
        ax.errorbar(positions, rows["roi"], yerr=errors, fmt="o", capsize=3, label="ROI, 90% CI")
        ax.scatter(positions, rows["marginal_roi"], marker="s", color="C1", label="marginal ROI")
        known = truth[truth["analysis"] == name].set_index("outcome")["value"]
        if len(known):
            ax.scatter(
                positions,
                known.reindex(rows["channel"]).to_numpy(),
                marker="x",
                color=TRUTH_COLOR,
                zorder=3,
                label="true ROI (simulated)",
            )
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_xticks(positions, rows["channel"])
        ax.set_xlabel("channel")
        ax.set_ylabel("outcome per unit of spend")
        ax.set_title("ROI over the modelled range (contribution / spend)")
        ax.legend(loc="best", fontsize="x-small")
        figure.suptitle(f"Channel ROI — {name}")
        yield Plot(key=str(name), figure=figure)


def _contribution_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    contributions = frames["fct_media_contributions"]
    for name, rows in contributions.groupby("media_mix", sort=True):
        days = rows.assign(day=pd.to_datetime(rows["ts"]).dt.floor("D"))
        wide = days.pivot_table(
            index="day", columns="channel", values="contribution", aggfunc="sum"
        ).sort_index()
        figure = new_figure(height=3.8)
        ax = figure.subplots()
        ax.stackplot(wide.index, wide.clip(lower=0).T.to_numpy(), labels=wide.columns, alpha=0.85)
        ax.set_xlabel("day")
        ax.set_ylabel("contribution per day (outcome units)")
        ax.set_title("Outcome lost per day if each channel's activity were zero")
        ax.legend(loc="upper left", fontsize="x-small", ncol=len(wide.columns))
        figure.suptitle(f"Contributions over time — {name}")
        yield Plot(key=str(name), figure=figure)


def _response_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    curves = frames["fct_media_response_curves"]

    def draw(ax: Axes, rows: pd.DataFrame, channel: str) -> None:
        rows = rows.sort_values("spend")
        ax.fill_between(
            rows["spend"],
            rows["contribution_lower"],
            rows["contribution_upper"],
            alpha=0.25,
            label="90% CI",
        )
        ax.plot(rows["spend"], rows["contribution"], label="contribution")
        observed = rows[np.isclose(rows["spend_multiplier"], 1.0)]
        ax.scatter(
            observed["spend"],
            observed["contribution"],
            color="black",
            zorder=3,
            label="observed spend",
        )
        ax.set_title(channel)
        ax.set_xlabel("spend over the range")
        ax.set_ylabel("contribution (outcome units)")
        ax.legend(loc="upper left", fontsize="x-small")

    yield from panels_by_analysis(
        curves,
        draw,
        "Response curves — {}",
        source="fct_media_response_curves",
        panel="channel",
        analysis="media_mix",
        panel_height=3.0,
    )


def _forecast_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    forecast = frames["fct_media_forecast"]
    for name, rows in forecast.groupby("media_mix", sort=True):
        rows = rows.sort_values("ts")
        test = rows[rows["split"] == "test"]
        figure = new_figure(height=3.6)
        ax = figure.subplots()
        ax.fill_between(test["ts"], test["lower"], test["upper"], alpha=0.2, label="90% interval")
        ax.plot(test["ts"], test["actual"], color="black", linewidth=0.8, label="actual")
        ax.plot(test["ts"], test["forecast"], label="forecast")
        ax.plot(test["ts"], test["forecast_harmonized"], linestyle="--", label="harmonized")
        mae = (test["forecast"] - test["actual"]).abs().mean()
        mae_harmonized = (test["forecast_harmonized"] - test["actual"]).abs().mean()
        share = rows["gamma_keep_share"].iloc[0]
        ax.set_title(
            f"test MAE {mae:,.1f} unfiltered, {mae_harmonized:,.1f} harmonized "
            f"(Γ keeps {100 * share:.0f}% of the frequencies)",
            fontsize="medium",
        )
        ax.set_xlabel("period (UTC)")
        ax.set_ylabel("outcome per period")
        ax.legend(loc="upper left", fontsize="x-small")
        figure.suptitle(f"Held-out forecast — {name}")
        yield Plot(key=str(name), figure=figure)


SECTION = Section(
    domain="media_mix",
    title="Media mix",
    description="Which channels drive the outcome, with carryover, saturation and overlap.",
    marts=(
        "fct_media_roi",
        "fct_media_contributions",
        "fct_media_response_curves",
        "fct_media_forecast",
        "fct_budget_allocation",
    ),
    figures=(
        FigureSpec(
            name="roi",
            title="ROI with 90% intervals",
            guide="Each channel's outcome per unit of spend over the range with its 90% "
            "block-bootstrap interval; squares are the marginal ROI of the next unit of spend, "
            "crosses the simulated truth where it is known.",
            reads={
                "fct_media_roi": (
                    "media_mix",
                    "channel",
                    "roi",
                    "roi_lower",
                    "roi_upper",
                    "marginal_roi",
                ),
            },
            optional={"fct_recovery_metrics": ("domain", "analysis", "outcome", "metric", "value")},
            draw=_roi_plots,
        ),
        FigureSpec(
            name="contributions",
            title="Contributions over time",
            guide="Stacked daily contributions: how much outcome each channel adds, day by day; "
            "overlap terms count for both channels of a pair (negative days are drawn as 0).",
            reads={"fct_media_contributions": ("media_mix", "ts", "channel", "contribution")},
            draw=_contribution_plots,
        ),
        FigureSpec(
            name="response_curves",
            title="Response curves",
            guide="Contribution against the channel's spend (its observed pattern scaled); the "
            "dot is today's spend, a flattening curve means diminishing returns.",
            reads={
                "fct_media_response_curves": (
                    "media_mix",
                    "channel",
                    "spend_multiplier",
                    "spend",
                    "contribution",
                    "contribution_lower",
                    "contribution_upper",
                ),
            },
            draw=_response_plots,
        ),
        FigureSpec(
            name="forecast",
            title="Held-out forecast and its Fourier harmonization",
            guide="The test window the model never saw: if the dashed harmonized line does not "
            "beat the unfiltered forecast (MAE in the title), the harmonization does not help.",
            reads={
                "fct_media_forecast": (
                    "media_mix",
                    "ts",
                    "split",
                    "actual",
                    "forecast",
                    "forecast_harmonized",
                    "lower",
                    "upper",
                    "gamma_keep_share",
                ),
            },
            draw=_forecast_plots,
        ),
    ),
)
