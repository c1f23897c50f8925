"""Causal studies: balance, overlap and effect figures from the ``models/marts/causal`` marts.

The CATE, uplift and refutation figures read marts of the heterogeneous-effects work
(``fct_unit_effects``, ``fct_uplift_curve``, ``fct_refutations``); each shows as "not built"
until its mart, with the columns declared here, is in the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter
from scipy.special import expit

from impactlytics.report.plotting import new_figure, panels_by_analysis, shown_of
from impactlytics.report.spec import FigureSpec, Plot, Section

BALANCE_THRESHOLD = 0.1
MAX_COVARIATES = 25
PROPENSITY_BINS = 40  # bins of the logit score in the overlap figure
ARM_COLORS = {"treated": "#d95f02", "control": "#1b9e77"}
TRIMMED_COLOR = "#9e9e9e"
TRUTH_COLOR = "#c0392b"


def _love_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    balance = frames["fct_covariate_balance"]
    for study, rows in balance.groupby("study", sort=True):
        worst = rows[["smd_unweighted", "smd_weighted"]].max(axis=1)
        shown = rows.loc[worst.sort_values(ascending=False).index[:MAX_COVARIATES]]
        shown = shown.sort_values("smd_unweighted")  # largest at the top
        figure = new_figure(height=1.6 + 0.28 * len(shown))
        ax = figure.subplots()
        positions = np.arange(len(shown))
        ax.hlines(positions, shown["smd_weighted"], shown["smd_unweighted"], color="#cccccc")
        ax.scatter(
            shown["smd_unweighted"],
            positions,
            facecolors="none",
            edgecolors="#555555",
            label="before weighting",
        )
        ax.scatter(shown["smd_weighted"], positions, color="#1f77b4", label="after IPW weighting")
        ax.axvline(BALANCE_THRESHOLD, color=TRUTH_COLOR, linestyle="--", label="0.1 threshold")
        ax.set_yticks(positions, shown["covariate"])
        ax.set_xlim(left=0)
        ax.set_xlabel("absolute standardized mean difference (SMD, in pooled standard deviations)")
        ax.set_ylabel("covariate")
        ax.set_title(f"Covariate balance before and after weighting — {study}")
        ax.legend(loc="lower right", fontsize="small")
        n_balanced = int((rows["smd_weighted"] < BALANCE_THRESHOLD).sum())
        balanced = f"{n_balanced} of {len(rows)} covariates below 0.1 after weighting"
        truncated = shown_of(len(rows), len(shown), "covariates", "fct_covariate_balance")
        yield Plot(
            key=str(study), figure=figure, note="; ".join(filter(None, [balanced, truncated]))
        )


def _logit(p: pd.Series) -> np.ndarray:
    values = p.to_numpy(dtype=float)
    return np.log(values) - np.log1p(-values)


def _overlap_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    """Each arm's share of units per bin of the logit score: with a few treated units among
    many controls (an ATT study), raw counts would hide the treated arm entirely."""
    scores = frames["fct_propensity_scores"]
    overlap = frames["fct_propensity_overlap"].drop_duplicates("study").set_index("study")
    for study, rows in scores.groupby("study", sort=True):
        logit = _logit(rows["propensity"])
        edges = np.linspace(logit.min(), logit.max() + 1e-9, PROPENSITY_BINS + 1)
        figure = new_figure(height=4.5)
        ax = figure.subplots()
        for arm, treatment, sign in (("treated", 1, 1), ("control", 0, -1)):
            in_arm = (rows["treatment"] == treatment).to_numpy()
            trimmed_units = rows["is_trimmed"].to_numpy()
            size = max(int(in_arm.sum()), 1)
            kept, _ = np.histogram(logit[in_arm & ~trimmed_units], edges)
            trimmed, _ = np.histogram(logit[in_arm & trimmed_units], edges)
            left, width = edges[:-1], np.diff(edges)
            ax.bar(
                left,
                sign * kept / size,
                width,
                align="edge",
                color=ARM_COLORS[arm],
                label=f"{arm} ({int(in_arm.sum())} units)",
            )
            ax.bar(
                left,
                sign * trimmed / size,
                width,
                bottom=sign * kept / size,
                align="edge",
                color=TRIMMED_COLOR,
                hatch="//",
            )
        n_trimmed = int(rows["is_trimmed"].sum())
        handles, _ = ax.get_legend_handles_labels()
        trimmed_patch = Patch(
            facecolor=TRIMMED_COLOR, hatch="//", label=f"trimmed ({n_trimmed} units)"
        )
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{abs(value):.0%}"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{expit(value):.2g}"))
        ax.set_xlim(edges[0], edges[-1])
        ax.set_xlabel("cross-fitted propensity score (probability, on a log-odds axis)")
        ax.set_ylabel("share of the arm per bin (treated up, control down)")
        model = overlap.loc[study, "propensity_model"] if study in overlap.index else "unknown"
        ax.set_title(f"Propensity overlap by arm — {study} ({model} model)")
        figure.legend(handles=[*handles, trimmed_patch], loc="outside lower center", ncols=3)
        per_arm = rows[rows["is_trimmed"]].groupby("treatment").size()
        note = f"trimmed: {per_arm.get(1, 0)} treated and {per_arm.get(0, 0)} control units"
        yield Plot(key=str(study), figure=figure, note=note)


def _forest_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    recovery = frames["fct_recovery_metrics"]
    truth = recovery[(recovery["domain"] == "causal") & recovery["metric"].str.startswith("true_")]
    truth = truth.set_index(["analysis", "outcome"])["value"]
    effects = frames["fct_treatment_effects"]
    order = sorted(effects["estimator"].unique(), reverse=True)  # alphabetical from the top

    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        positions = rows["estimator"].map(order.index)
        errors = [rows["estimate"] - rows["ci_lower"], rows["ci_upper"] - rows["estimate"]]
        ax.errorbar(rows["estimate"], positions, xerr=errors, fmt="o", color="#1f77b4", capsize=3)
        ax.axvline(0, color="#888888", linewidth=0.8)
        key = (rows["study"].iloc[0], outcome)
        if key in truth.index:
            ax.axvline(truth[key], color=TRUTH_COLOR, linestyle="--", label="simulated truth")
            ax.legend(loc="best", fontsize="x-small")
        ax.set_yticks(range(len(order)), order, fontsize="small")
        ax.set_ylabel("estimator")
        ax.set_title(outcome)
        ax.set_xlabel(f"{rows['estimand'].iloc[0]} on {outcome} (outcome units)")

    title = "Estimated effects with 95% CIs by estimator — {}"

    yield from panels_by_analysis(
        effects,
        draw,
        title,
        source="fct_treatment_effects",
        panel="outcome",
        panel_height=0.6 + 0.3 * len(order),
        share_y=True,
    )


def _cate_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        ax.hist(rows["cate"], bins=40, color="#1f77b4")
        ax.axvline(rows["cate"].mean(), color=TRUTH_COLOR, linestyle="--", label="mean CATE")
        ax.axvline(0, color="#888888", linewidth=0.8)
        ax.set_title(f"{outcome} ({rows['learner'].iloc[0]})")
        ax.set_xlabel(f"CATE on {outcome}, outcome units")
        ax.set_ylabel("units")
        ax.legend(loc="best", fontsize="x-small")

    title = "Distribution of unit-level effects (CATE) — {}"

    yield from panels_by_analysis(
        frames["fct_unit_effects"], draw, title, source="fct_unit_effects", panel="outcome"
    )


def _uplift_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        rows = rows.sort_values("fraction_targeted")
        fraction = np.concatenate([[0.0], rows["fraction_targeted"]])
        gain = np.concatenate([[0.0], rows["qini"]])
        ax.plot(fraction, gain, marker="o", markersize=3, label="by predicted CATE")
        ax.plot([0, fraction[-1]], [0, gain[-1]], color="#888888", linestyle="--", label="random")
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1))
        ax.set_title(outcome)
        ax.set_xlabel("units targeted, highest predicted CATE first (%)")
        ax.set_ylabel(f"cumulative gain in {outcome} (outcome units)")
        ax.legend(loc="best", fontsize="x-small")

    title = "Qini curve: gain from targeting by predicted effect — {}"

    yield from panels_by_analysis(
        frames["fct_uplift_curve"], draw, title, source="fct_uplift_curve", panel="outcome"
    )


def _refutation_plots(frames: Mapping[str, pd.DataFrame]) -> Iterator[Plot]:
    def draw(ax: Axes, rows: pd.DataFrame, outcome: str) -> None:
        rows = rows.sort_values("refuter", ascending=False)
        positions = np.arange(len(rows))
        colors = np.where(rows["passed"].astype(bool), "#2ca02c", TRUTH_COLOR)
        ax.hlines(
            positions,
            rows["acceptance_lower"],
            rows["acceptance_upper"],
            color="#bbbbbb",
            linewidth=4,
            label="range to pass",
        )
        ax.scatter(rows["new_estimate"], positions, c=colors, zorder=3)
        ax.axvline(rows["original_estimate"].iloc[0], color="#1f77b4", label="original estimate")
        ax.axvline(0, color="#888888", linewidth=0.8)
        ax.set_yticks(positions, rows["refuter"], fontsize="small")
        ax.set_ylim(-0.5, len(rows) - 0.5)
        ax.set_ylabel("refuter")
        ax.set_title(outcome)
        ax.set_xlabel(f"effect on {outcome} after refutation (outcome units)")
        ax.legend(loc="best", fontsize="x-small")

    title = "Refutation tests (green passed, red failed) — {}"

    yield from panels_by_analysis(
        frames["fct_refutations"], draw, title, source="fct_refutations", panel="outcome"
    )


SECTION = Section(
    domain="causal",
    title="Causal studies",
    description="Experiments and observational studies, as declared in the dbt var studies.",
    marts=(
        "fct_treatment_effects",
        "fct_covariate_balance",
        "fct_propensity_scores",
        "fct_propensity_overlap",
    ),
    figures=(
        FigureSpec(
            name="love_plot",
            title="Love plot: covariate balance",
            guide="Every covariate's dot should sit left of the dashed 0.1 line after weighting "
            "(filled); open dots show the imbalance before weighting.",
            reads={
                "fct_covariate_balance": ("study", "covariate", "smd_unweighted", "smd_weighted")
            },
            draw=_love_plots,
        ),
        FigureSpec(
            name="propensity_overlap",
            title="Propensity overlap by arm",
            guide="The arms' histograms should cover the same score range; bars piled at 0 or 1 "
            "mean units without comparable counterparts (hatched: trimmed).",
            reads={
                "fct_propensity_scores": ("study", "treatment", "propensity", "is_trimmed"),
                "fct_propensity_overlap": ("study", "propensity_model"),
            },
            draw=_overlap_plots,
        ),
        FigureSpec(
            name="forest_plot",
            title="Forest plot of estimators",
            guide="Adjusted estimators should agree with one another (and cover the dashed truth "
            "on simulated data); the unadjusted difference in means shows the confounding.",
            reads={
                "fct_treatment_effects": (
                    "study",
                    "outcome",
                    "estimand",
                    "estimator",
                    "estimate",
                    "ci_lower",
                    "ci_upper",
                )
            },
            optional={"fct_recovery_metrics": ("domain", "analysis", "outcome", "metric", "value")},
            draw=_forest_plots,
        ),
        FigureSpec(
            name="cate_distribution",
            title="CATE distribution",
            guide="Spread around the dashed mean is heterogeneity in the effect; mass on both "
            "sides of 0 means some units are predicted to be harmed.",
            reads={"fct_unit_effects": ("study", "outcome", "cate", "learner")},
            draw=_cate_plots,
        ),
        FigureSpec(
            name="qini_curve",
            title="Uplift / Qini curve",
            guide="The further the curve rises above the dashed random line, the better the "
            "predicted CATE ranks who gains most from treatment.",
            reads={"fct_uplift_curve": ("study", "outcome", "fraction_targeted", "qini")},
            draw=_uplift_plots,
        ),
        FigureSpec(
            name="refutations",
            title="Refutation results",
            guide="Placebo and dummy-outcome refuters should move the estimate to about 0; random "
            "common cause and subsets should leave it near the original line. Each dot must fall "
            "in its grey range to pass.",
            reads={
                "fct_refutations": (
                    "study",
                    "outcome",
                    "refuter",
                    "original_estimate",
                    "new_estimate",
                    "acceptance_lower",
                    "acceptance_upper",
                    "passed",
                )
            },
            draw=_refutation_plots,
        ),
    ),
)
