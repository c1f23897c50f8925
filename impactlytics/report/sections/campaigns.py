"""Campaigns: predicted vs actual with intervals and coverage by platform on the held-out
campaigns, accuracy and coverage by model, forecasts, CPM/CPE by platform."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from impactlytics.report.plotting import panels_by_analysis, with_note
from impactlytics.report.spec import FigureSpec, Plot, Section

PREDICTOR = "campaign_predictor"  # the predictor's analysis name in fct_recovery_metrics
TARGETS = ("impressions", "engagement")
OPTIONS = ("platform", "campaign_type", "content_type")
METHOD_COLORS = {"split_conformal": "#1f77b4", "tree_variance": "#d95f02"}
TRUTH_COLOR = "#c0392b"
COSTS = {  # column: (panel title, axis label)
    "cpm": ("CPM", "CPM (currency per 1,000 predicted impressions)"),
    "cost_per_engagement": (
        "Cost per engagement",
        "cost per predicted engagement (currency units)",
    ),
}
SPEND_LABEL = "total spend (currency units)"


def _of_predictor(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` keyed by the one predictor, so it draws as a single figure."""
    return frame.assign(predictor=PREDICTOR)


def _line_with_band(
    ax: Axes, rows: pd.DataFrame, center: str, lower: str, upper: str, color: str, label: str
) -> None:
    """``center`` against total spend (log axis), with the band ``lower``..``upper`` shaded."""
    rows = rows.sort_values("total_spend")
    ax.plot(rows["total_spend"], rows[center], color=color, label=label)
    ax.fill_between(rows["total_spend"], rows[lower], rows[upper], color=color, alpha=0.15)
    ax.set_xscale("log")


MAX_POINTS = 400  # held-out campaigns drawn per panel (an even sample of them)


def _predicted_vs_actual_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    predictions = frames["fct_campaign_test_predictions"]

    def draw(ax: Axes, rows: pd.DataFrame, target: str) -> None:
        shown = rows.sort_values("campaign_id").iloc[:: max(1, len(rows) // MAX_POINTS)]
        for covered, color, label in ((True, "#1f77b4", "inside"), (False, TRUTH_COLOR, "outside")):
            points = shown[shown["is_covered"] == covered]
            errors = [
                points["predicted"] - points["interval_lower"],
                points["interval_upper"] - points["predicted"],
            ]
            ax.errorbar(
                points["actual"] + 1,
                points["predicted"] + 1,
                yerr=errors,
                fmt="o",
                markersize=2,
                elinewidth=0.5,
                alpha=0.6,
                color=color,
                label=f"actual {label} the interval",
            )
        bounds = [shown["actual"].min() + 1, shown["actual"].max() + 1]
        ax.plot(bounds, bounds, color="#555555", linestyle="--", label="predicted = actual")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{target}: {rows['is_covered'].mean():.1%} covered of {len(rows):,}")
        ax.set_xlabel(f"actual {target} + 1 (count, log scale)")
        ax.set_ylabel(f"predicted {target} + 1, with 95% interval")
        ax.legend(loc="upper left", fontsize="x-small")

    yield from panels_by_analysis(
        _of_predictor(predictions),
        draw,
        "Predicted vs actual on held-out campaigns — {}",
        source="fct_campaign_test_predictions",
        panel="target",
        analysis="predictor",
        panel_height=3.8,
    )


def _segment_coverage_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    predictions = frames["fct_campaign_test_predictions"]

    def draw(ax: Axes, rows: pd.DataFrame, target: str) -> None:
        by_platform = rows.groupby("platform")["is_covered"].agg(["mean", "size"])
        positions = np.arange(len(by_platform))
        ax.bar(positions, by_platform["mean"], color="#1f77b4")
        ax.axhline(0.95, color=TRUTH_COLOR, linestyle="--", label="nominal 95%")
        labels = [f"{name}\n(n = {n})" for name, n in by_platform["size"].items()]
        ax.set_xticks(positions, labels, fontsize="small")
        ax.set_ylim(0.5, 1.0)
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.set_title(target)
        ax.set_xlabel("platform (held-out campaigns)")
        ax.set_ylabel("held-out campaigns inside the interval (%)")
        ax.legend(loc="lower right", fontsize="x-small")

    yield from panels_by_analysis(
        _of_predictor(predictions),
        draw,
        "Interval coverage by platform on held-out campaigns — {}",
        source="fct_campaign_test_predictions",
        panel="target",
        analysis="predictor",
        panel_height=3.2,
        share_y=True,
    )


def _accuracy_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    metrics = frames["fct_campaign_model_metrics"].drop_duplicates(["model", "target"])
    recovery = frames["fct_recovery_metrics"]
    achievable = recovery[
        (recovery["domain"] == "campaigns")
        & (recovery["analysis"] == PREDICTOR)
        & (recovery["metric"] == "achievable_r2")
    ].set_index("outcome")["value"]

    def draw(ax: Axes, rows: pd.DataFrame, target: str) -> None:
        rows = rows.sort_values("model", ascending=False)
        positions = np.arange(len(rows))
        ax.scatter(rows["r2"], positions, color="#1f77b4", zorder=3, label="test R² (held out)")
        ax.scatter(
            rows["cv_r2"], positions, facecolors="none", edgecolors="#555555", label="5-fold CV R²"
        )
        if target in achievable.index:
            ax.axvline(
                achievable[target], color=TRUTH_COLOR, linestyle="--", label="best achievable"
            )
        names = [f"{r.model} (selected)" if r.is_selected else r.model for r in rows.itertuples()]
        ax.set_yticks(positions, names, fontsize="small")
        ax.set_ylim(-0.5, len(rows) - 0.5)
        ax.set_xlim(0, 1)
        ax.set_title(target)
        ax.set_xlabel("R² on the log(1 + count) scale")
        ax.set_ylabel("model")
        ax.legend(loc="lower left", fontsize="x-small")

    selected = metrics[metrics["is_selected"]]
    mape = ", ".join(
        f"{r.target} {r.mape:.0%}" for r in selected.sort_values("target").itertuples()
    )
    models = ", ".join(sorted(selected["model"].unique()))
    for plot in panels_by_analysis(
        _of_predictor(metrics),
        draw,
        "Held-out accuracy by model — {}",
        source="fct_campaign_model_metrics",
        panel="target",
        analysis="predictor",
        panel_height=2.4,
        share_y=True,
    ):
        yield with_note(plot, f"selected: {models}; held-out MAPE {mape}")


def _coverage_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    metrics = frames["fct_campaign_model_metrics"]

    def draw(ax: Axes, rows: pd.DataFrame, target: str) -> None:
        rows = rows.sort_values(["model", "interval_method"], ascending=False)
        positions = np.arange(len(rows))
        colors = rows["interval_method"].map(METHOD_COLORS).fillna("#555555")
        ax.scatter(rows["interval_coverage"], positions, c=colors, zorder=3)
        level = rows["confidence_level"].iloc[0]
        ax.axvline(level, color=TRUTH_COLOR, linestyle="--", label=f"nominal {level:.0%}")
        names = [
            f"{r.model} · {r.interval_method}\nmedian width {r.interval_width:,.0f}"
            for r in rows.itertuples()
        ]
        ax.set_yticks(positions, names, fontsize="x-small")
        ax.set_ylim(-0.5, len(rows) - 0.5)
        ax.set_xlim(min(0.5, rows["interval_coverage"].min() - 0.05), 1.0)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.set_title(target)
        ax.set_xlabel("test campaigns inside the interval (%)")
        ax.set_ylabel("model · interval method")
        ax.legend(loc="lower left", fontsize="x-small")

    groups = metrics["interval_group"].dropna().unique()
    calibration = f"calibrated within each {', '.join(groups)} label" if len(groups) else ""
    n_test = ", ".join(str(n) for n in sorted(metrics["n_test"].unique()))
    note = "; ".join(filter(None, [f"over {n_test} test campaigns", calibration]))
    for plot in panels_by_analysis(
        _of_predictor(metrics),
        draw,
        "Prediction-interval coverage on held-out campaigns — {}",
        source="fct_campaign_model_metrics",
        panel="target",
        analysis="predictor",
        panel_height=0.8 + 0.45 * metrics[["model", "interval_method"]].drop_duplicates().shape[0],
        share_y=True,
    ):
        yield with_note(plot, note)


def _forecast_columns(target: str) -> tuple[str, str, str]:
    """The prediction and interval bounds of ``target`` in ``fct_campaign_forecasts``."""
    return f"predicted_{target}", f"{target}_lower", f"{target}_upper"


def _forecasts_by_target(forecasts: pd.DataFrame) -> pd.DataFrame:
    """One row per forecast x target: predicted, lower, upper."""
    parts = [
        forecasts[[*OPTIONS, "total_spend", *_forecast_columns(target)]]
        .set_axis([*OPTIONS, "total_spend", "predicted", "lower", "upper"], axis=1)
        .assign(target=target)
        for target in TARGETS
    ]
    return pd.concat(parts, ignore_index=True)


def _most_trained(options: pd.DataFrame, field: str) -> str:
    """The label of ``field`` with the most training campaigns (ties: the first by name)."""
    labels = options[options["option_field"] == field]
    return labels.sort_values(["n_train_campaigns", "option_value"], ascending=[False, True])[
        "option_value"
    ].iloc[0]


def _forecast_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    options = frames["dim_campaign_options"]
    if options.empty:  # an empty predictor (`campaign_predictor: null`) has no forecasts
        return
    campaign_type = _most_trained(options, "campaign_type")
    content_type = _most_trained(options, "content_type")
    forecasts = _forecasts_by_target(frames["fct_campaign_forecasts"])
    forecasts = forecasts[
        (forecasts["campaign_type"] == campaign_type) & (forecasts["content_type"] == content_type)
    ]

    def draw(ax: Axes, rows: pd.DataFrame, platform: str) -> None:
        target = rows["target"].iloc[0]
        _line_with_band(ax, rows, "predicted", "lower", "upper", "#1f77b4", "forecast")
        ax.set_yscale("log")
        ax.set_title(platform)
        ax.set_xlabel(SPEND_LABEL)
        ax.set_ylabel(f"{target} (count, log scale)")

    note = f"{campaign_type}, {content_type}: the options with the most training campaigns"
    for plot in panels_by_analysis(
        forecasts,
        draw,
        f"Forecast {{}} with prediction intervals by platform — {campaign_type}, {content_type}",
        source="fct_campaign_forecasts",
        panel="platform",
        analysis="target",
        panel_height=3.0,
        share_y=True,
    ):
        yield with_note(plot, note)


def _cost_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    costs = frames["fct_campaign_forecasts"].melt(
        id_vars=["platform", "total_spend"], value_vars=list(COSTS), var_name="metric"
    )
    costs["metric"] = costs["metric"].map(lambda column: COSTS[column][0])
    labels = dict(COSTS.values())
    platforms = sorted(costs["platform"].unique())

    def draw(ax: Axes, rows: pd.DataFrame, metric: str) -> None:
        for index, platform in enumerate(platforms):
            spread = (
                rows[rows["platform"] == platform]
                .groupby("total_spend")["value"]
                .agg(["median", "min", "max"])
                .reset_index()
            )
            _line_with_band(ax, spread, "median", "min", "max", f"C{index}", platform)
        ax.set_title(metric)
        ax.set_xlabel(SPEND_LABEL)
        ax.set_ylabel(labels[metric])
        ax.set_ylim(bottom=0)
        ax.legend(title="platform", loc="best", fontsize="x-small")

    yield from panels_by_analysis(
        _of_predictor(costs),
        draw,
        "Predicted CPM and cost per engagement by platform — {}",
        source="fct_campaign_forecasts",
        panel="metric",
        analysis="predictor",
        panel_height=3.6,
    )


SECTION = Section(
    domain="campaigns",
    title="Campaign predictor",
    description="Impressions and engagement to expect before launch, with honest intervals.",
    marts=("fct_campaign_model_metrics", "fct_campaign_forecasts"),
    figures=(
        FigureSpec(
            name="predicted_vs_actual",
            title="Predicted vs actual with intervals",
            guide="Each dot is a held-out campaign with its 95% interval; dots near the dashed "
            "diagonal are accurate, and about 1 in 20 intervals (red) should miss.",
            reads={
                "fct_campaign_test_predictions": (
                    "campaign_id",
                    "target",
                    "actual",
                    "predicted",
                    "interval_lower",
                    "interval_upper",
                    "is_covered",
                )
            },
            draw=_predicted_vs_actual_plots,
        ),
        FigureSpec(
            name="coverage_by_platform",
            title="Interval coverage by platform",
            guide="Every platform's bar should reach the dashed 95% line: intervals calibrated "
            "on all campaigns at once can over-cover quiet platforms and under-cover noisy ones.",
            reads={"fct_campaign_test_predictions": ("target", "platform", "is_covered")},
            draw=_segment_coverage_plots,
        ),
        FigureSpec(
            name="model_accuracy",
            title="Held-out accuracy by model",
            guide="Filled dots are R² of the predictions against the actual test campaigns; "
            "the selected model should be at the right, near the dashed best achievable R².",
            reads={
                "fct_campaign_model_metrics": (
                    "model",
                    "target",
                    "r2",
                    "cv_r2",
                    "mape",
                    "is_selected",
                )
            },
            optional={"fct_recovery_metrics": ("domain", "analysis", "outcome", "metric", "value")},
            draw=_accuracy_plots,
        ),
        FigureSpec(
            name="interval_coverage",
            title="Interval coverage on held-out campaigns",
            guide="Split-conformal intervals (blue) should cover at or just above the dashed "
            "nominal level; the original tree-variance intervals (orange) carry no such guarantee.",
            reads={
                "fct_campaign_model_metrics": (
                    "model",
                    "target",
                    "interval_method",
                    "interval_coverage",
                    "interval_width",
                    "interval_group",
                    "confidence_level",
                    "n_test",
                )
            },
            draw=_coverage_plots,
        ),
        FigureSpec(
            name="forecast_intervals",
            title="Forecasts with prediction intervals by platform",
            guide="The line is the selected model's forecast against spend, the band its "
            "prediction interval, calibrated per platform: a wider band is a noisier platform.",
            reads={
                "fct_campaign_forecasts": (
                    *OPTIONS,
                    "total_spend",
                    *(column for target in TARGETS for column in _forecast_columns(target)),
                ),
                "dim_campaign_options": ("option_field", "option_value", "n_train_campaigns"),
            },
            draw=_forecast_plots,
        ),
        FigureSpec(
            name="cost_by_platform",
            title="CPM and cost per engagement by platform",
            guide="Lines are the median over campaign and content types, bands their range; "
            "rising lines mean each extra unit of spend buys fewer impressions or engagements.",
            reads={"fct_campaign_forecasts": ("platform", "total_spend", *COSTS)},
            draw=_cost_plots,
        ),
    ),
)
