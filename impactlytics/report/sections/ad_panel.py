"""Ad panel beta(X): slopes against user features by segment, vendor slopes with CIs, and the
network's vendor slopes against the linear FE estimator's with the recovery metrics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from impactlytics.report.plotting import new_figure, panels_by_analysis, with_note
from impactlytics.report.spec import FigureSpec, Plot, Section

ESTIMATOR_COLORS = {"linear_fe": "C0", "network": "C1"}


def _segment_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    segments = frames["fct_ad_segment_slopes"]

    def draw(ax: Axes, rows: pd.DataFrame, feature: str) -> None:
        for estimator, series in rows.groupby("estimator"):
            series = series.sort_values("segment")
            centre = (series["feature_min"] + series["feature_max"]) / 2
            errors = [
                series["estimate"] - series["ci_lower"],
                series["ci_upper"] - series["estimate"],
            ]
            ax.errorbar(centre, series["estimate"], yerr=errors, fmt="o-", capsize=2,
                        color=ESTIMATOR_COLORS.get(estimator, "C2"), label=estimator)  # fmt: skip
        ax.set_title(feature)
        ax.set_xlabel(f"{feature} (segment midpoint, feature units)")
        ax.set_ylabel(f"mean slope of {rows['slope_variable'].iloc[0]} (outcome per unit)")
        ax.legend(loc="best", fontsize="x-small")

    yield from panels_by_analysis(
        segments,
        draw,
        "Slope by user segment with 95% CIs — {}",
        source="fct_ad_segment_slopes",
        panel="segment_feature",
        analysis="panel",
        panel_height=3.2,
    )


def _vendor_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    vendors = frames["fct_ad_vendor_slopes"]
    for panel, rows in vendors[vendors["estimator"] == "network"].groupby("panel"):
        rows = rows.sort_values("estimate").reset_index(drop=True)
        figure = new_figure(height=3.6)
        ax = figure.subplots()
        ax.fill_between(rows.index, rows["ci_lower"], rows["ci_upper"], color="C1", alpha=0.3,
                        label="95% CI")  # fmt: skip
        ax.plot(rows.index, rows["estimate"], color="C1", label="network estimate")
        ax.set_title(f"Vendor slopes (network, debiased) — {panel}")
        ax.set_xlabel(f"vendors ({rows['vendor_column'].iloc[0]}), ranked by estimated slope")
        ax.set_ylabel(f"mean slope of {rows['slope_variable'].iloc[0]} (outcome per unit)")
        ax.legend(loc="upper left", fontsize="x-small")
        width = float((rows["ci_upper"] - rows["ci_lower"]).median())
        yield Plot(panel, figure, f"{len(rows):,} vendors; median CI width {width:.3g}")


def _comparison_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    vendors = frames["fct_ad_vendor_slopes"]
    recovery = frames["fct_recovery_metrics"]
    for panel, rows in vendors.groupby("panel"):
        wide = rows.pivot_table(index="vendor", columns="estimator", values="estimate")
        if not {"linear_fe", "network"} <= set(wide.columns):
            continue
        figure = new_figure(height=4.0, width=5.5)
        ax = figure.subplots()
        ax.scatter(wide["linear_fe"], wide["network"], s=6, alpha=0.5, color="C1")
        limits = [np.nanmin(wide.to_numpy()), np.nanmax(wide.to_numpy())]
        ax.plot(limits, limits, color="#555555", linestyle="--", label="equal slopes")
        ax.set_title(f"Vendor slopes: network against linear FE — {panel}")
        ax.set_xlabel("linear FE vendor slope (outcome per unit)")
        ax.set_ylabel("network vendor slope (outcome per unit)")
        ax.legend(loc="upper left", fontsize="x-small")
        metrics = recovery[(recovery["domain"] == "ad_panel") & (recovery["analysis"] == panel)]
        shown = metrics[metrics["metric"].str.startswith(("slope_", "fe_correlation"))]
        note = ", ".join(
            f"{m} {v:.4f}" for m, v in zip(shown["metric"], shown["value"], strict=True)
        )
        yield with_note(
            Plot(panel, figure), f"recovery of the simulated truth: {note}" if note else ""
        )


SECTION = Section(
    domain="ad_panel",
    title="Ad panel β(X)",
    description="How the revenue slope of clicks varies with user and vendor features.",
    marts=("fct_ad_slopes", "fct_ad_average_slope", "fct_ad_vendor_slopes"),
    figures=(
        FigureSpec(
            name="segment_slopes",
            title="Slopes against user features",
            guide="Each point is the mean slope over a quantile segment of the feature; a "
            "curve that bends where the linear FE line is straight is heterogeneity the linear "
            "model misses.",
            reads={
                "fct_ad_segment_slopes": (
                    "panel",
                    "slope_variable",
                    "estimator",
                    "segment_feature",
                    "segment",
                    "feature_min",
                    "feature_max",
                    "estimate",
                    "ci_lower",
                    "ci_upper",
                ),
            },  # fmt: skip
            draw=_segment_plots,
        ),
        FigureSpec(
            name="vendor_slopes",
            title="Vendor slopes with 95% CIs",
            guide="Vendors ranked by their debiased mean slope (personalized ROI); the band is "
            "each vendor's cluster-robust 95% interval.",
            reads={
                "fct_ad_vendor_slopes": (
                    "panel",
                    "slope_variable",
                    "estimator",
                    "vendor_column",
                    "vendor",
                    "estimate",
                    "ci_lower",
                    "ci_upper",
                ),
            },  # fmt: skip
            draw=_vendor_plots,
        ),
        FigureSpec(
            name="vendor_slope_comparison",
            title="Network against linear FE, with recovery of the truth",
            guide="Points off the dashed line are vendors whose slope the linear model gets "
            "wrong; the note gives the recovery metrics on simulated data.",
            reads={"fct_ad_vendor_slopes": ("panel", "estimator", "vendor", "estimate")},
            optional={"fct_recovery_metrics": ("domain", "analysis", "metric", "value")},
            draw=_comparison_plots,
        ),
    ),
)
