"""Rollouts: event studies with their pre-trend tests, period x group means, and effects by
adoption cohort."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from impactlytics.report.plotting import panels_by_analysis, with_note
from impactlytics.report.spec import FigureSpec, Plot, Section

REFERENCE_EVENT_TIME = -1
DODGE = 0.15  # horizontal offset between estimators' series, in event-time units
PRE_PERIOD_COLOR = "#f2f2f2"


def _estimator_series(
    ax: Axes, rows: pd.DataFrame, positions: pd.Series, estimators: list[str]
) -> None:
    """Estimates with 95% CIs at ``positions``, one dodged series per estimator."""
    for index, estimator in enumerate(estimators):
        mask = rows["estimator"] == estimator
        if not mask.any():
            continue
        series = rows[mask]
        shift = (index - (len(estimators) - 1) / 2) * DODGE
        errors = [series["estimate"] - series["ci_lower"], series["ci_upper"] - series["estimate"]]
        ax.errorbar(
            positions[mask] + shift,
            series["estimate"],
            yerr=errors,
            fmt="o",
            markersize=4,
            capsize=2,
            color=f"C{index}",
            label=estimator,
        )
    ax.axhline(0, color="#888888", linewidth=0.8)


def _pretrend_results(tests: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Per (rollout, outcome): (test, 'passed: p = 0.67 (15 leads)') for each of its tests."""
    results: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in tests.sort_values(["rollout", "outcome", "test"]).itertuples():
        verdict = "passed" if row.passed else "FAILED"
        if pd.isna(row.p_value):
            result = f"{verdict}: no leads to test"
        else:
            result = f"{verdict}: p = {row.p_value:.2g} ({row.df:.0f} leads)"
        results.setdefault((row.rollout, row.outcome), []).append((row.test, result))
    return results


def _event_study_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    study = frames["fct_event_study"]
    tests = _pretrend_results(frames["fct_pretrend_tests"])
    estimators = sorted(study["estimator"].unique())

    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        ax.axvspan(
            rows["event_time"].min() - 0.5, -0.5, color=PRE_PERIOD_COLOR, label="placebo leads"
        )
        _estimator_series(ax, rows, rows["event_time"], estimators)
        ax.scatter(
            [REFERENCE_EVENT_TIME],
            [0],
            marker="D",
            facecolors="white",
            edgecolors="#333333",
            zorder=3,
            label="reference period (−1)",
        )
        results = tests.get((rows["rollout"].iloc[0], outcome), [("", "not in the mart")])
        lines = [outcome, *(f"pre-trend test {result}" for _, result in results)]
        ax.set_title("\n".join(lines), fontsize="medium")
        ax.set_xlabel("event time (periods since first exposure)")
        ax.set_ylabel(f"effect on {outcome} (outcome units)")
        ax.legend(loc="upper left", fontsize="x-small")

    plots = panels_by_analysis(
        study,
        draw,
        "Event study with 95% CIs — {}",
        source="fct_event_study",
        panel="outcome",
        analysis="rollout",
        panel_height=3.6,
    )
    for plot in plots:
        results = [
            f"{outcome}: {test} {result}"
            for (rollout, outcome), pairs in tests.items()
            if rollout == plot.key
            for test, result in pairs
        ]
        yield with_note(plot, "; ".join(results))


def _cohort_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    cohorts = frames["fct_rollout_cohort_effects"]
    overall = frames["fct_rollout_effects"].set_index(["rollout", "outcome", "estimator"])
    estimators = sorted(cohorts["estimator"].unique())
    lines = [(e, f"C{i}", "--", f"overall ATT ({e})") for i, e in enumerate(estimators)]
    lines.append(("twfe", "#555555", ":", "two-way fixed effects (static)"))

    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        rows = rows.sort_values("cohort_period_index")
        order = rows.drop_duplicates("cohort_period_index")
        positions = rows["cohort_period_index"].rank(method="dense") - 1
        _estimator_series(ax, rows, positions, estimators)
        for estimator, color, style, label in lines:
            key = (rows["rollout"].iloc[0], outcome, estimator)
            if key in overall.index:
                ax.axhline(overall.loc[key, "estimate"], color=color, linestyle=style, label=label)
        sizes = zip(order["cohort_period_value"], order["n_units"], strict=True)
        labels = [f"{value}\n({n_units:,} units)" for value, n_units in sizes]
        ax.set_xticks(np.arange(len(order)), labels, fontsize="small")
        ax.set_xlim(-0.6, len(order) - 0.4)
        ax.set_title(f"{outcome}: mean effect over the cohort's exposed periods")
        ax.set_xlabel("cohort: first exposed period (units in the cohort)")
        ax.set_ylabel(f"effect on {outcome} (outcome units)")
        ax.legend(loc="best", fontsize="x-small")

    yield from panels_by_analysis(
        cohorts,
        draw,
        "Effect by adoption cohort with 95% CIs — {}",
        source="fct_rollout_cohort_effects",
        panel="outcome",
        analysis="rollout",
        panel_height=3.4,
    )


MAX_GROUPS = 8  # exposure groups drawn per panel; the largest cohorts and never_exposed


def _trend_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    trends = frames["fct_rollout_trends"]

    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        sizes = rows.groupby("exposure_group")["n_units"].max().sort_values(ascending=False)
        first_exposed = rows[~rows["is_pre_period"]].groupby("exposure_group")["period_index"].min()
        groups = sorted(sizes.index[:MAX_GROUPS], key=lambda g: first_exposed.get(g, -1))
        for index, group in enumerate(groups):
            series = rows[rows["exposure_group"] == group].sort_values("period_index")
            never = group == "never_exposed"
            label = "never exposed" if never else f"cohort {group}"
            color = "#333333" if never else f"C{index}"
            ax.plot(series["period_index"], series["mean_value"], color=color, label=label)
            start = series.loc[~series["is_pre_period"], "period_index"]
            if not never and len(start):
                ax.axvline(start.min(), color=color, linestyle=":", linewidth=0.8)
        ax.set_title(outcome)
        ax.set_xlabel("period (rank; dotted: the cohort's first exposed period)")
        ax.set_ylabel(f"mean {outcome} (outcome units)")
        ax.legend(loc="best", fontsize="x-small")

    yield from panels_by_analysis(
        trends,
        draw,
        "Period x group means — {}",
        source="fct_rollout_trends",
        panel="outcome",
        analysis="rollout",
        panel_height=3.4,
    )


SECTION = Section(
    domain="rollout",
    title="Rollouts",
    description="Feature rollouts observed over periods: pre-trends, DiD and event studies.",
    marts=("fct_rollout_effects", "fct_event_study", "fct_pretrend_tests"),
    figures=(
        FigureSpec(
            name="event_study",
            title="Event study and pre-trend test",
            guide="Leads (shaded, left of the reference period −1) should hover around 0, as "
            "the joint Wald pre-trend test in the title checks; lags trace the effect as "
            "exposure ages.",
            reads={
                "fct_event_study": (
                    "rollout",
                    "outcome",
                    "estimator",
                    "event_time",
                    "estimate",
                    "ci_lower",
                    "ci_upper",
                ),
                "fct_pretrend_tests": ("rollout", "outcome", "test", "df", "p_value", "passed"),
            },
            draw=_event_study_plots,
        ),
        FigureSpec(
            name="trends",
            title="Period x group means",
            guide="Before its first exposed period (dotted) each cohort's line should run "
            "parallel to the never-exposed line; a gap that widens before exposure is a "
            "pre-trend.",
            reads={
                "fct_rollout_trends": (
                    "rollout",
                    "outcome",
                    "period_index",
                    "exposure_group",
                    "is_pre_period",
                    "n_units",
                    "mean_value",
                ),
            },
            draw=_trend_plots,
        ),
        FigureSpec(
            name="cohort_effects",
            title="Effects by adoption cohort",
            guide="Cohorts far from one another (and from the dashed overall ATT) mean the "
            "effect depends on when a group adopted, which biases two-way fixed effects (dotted).",
            reads={
                "fct_rollout_cohort_effects": (
                    "rollout",
                    "outcome",
                    "estimator",
                    "cohort_period_index",
                    "cohort_period_value",
                    "n_units",
                    "estimate",
                    "ci_lower",
                    "ci_upper",
                ),
                "fct_rollout_effects": ("rollout", "outcome", "estimator", "estimate"),
            },
            draw=_cohort_plots,
        ),
    ),
)
