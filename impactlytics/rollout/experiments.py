"""Experiment design: sample-ratio-mismatch check and minimum detectable effects.

Assignment itself is SQL (int_experiment_assignments: salted hash, stratified split); this
module tests the arm counts against the planned split and sizes the effects the experiment
can detect from the pre-period variance of its metric.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from impactlytics.frames import typed_frame
from impactlytics.rollout.panel import RolloutInputError

SRM_ALPHA = (
    0.001  # the usual alarm level: a mismatch this unlikely means broken assignment or logging
)

SRM_SCHEMA = {
    "experiment_name": "str",
    "arm": "str",
    "planned_share": "float64",
    "observed_units": "int64",
    "expected_units": "float64",
    "count_source": "str",
    "statistic": "float64",
    "df": "int64",
    "p_value": "float64",
    "passed": "bool",
}
POWER_SCHEMA = {
    "experiment_name": "str",
    "arm": "str",
    "metric_name": "str",
    "n_units_control": "int64",
    "n_units_arm": "int64",
    "metric_mean": "float64",
    "metric_std": "float64",
    "metric_std_within_strata": "float64",
    "alpha": "float64",
    "power": "float64",
    "mde": "float64",
    "mde_relative": "float64",
    "mde_stratified": "float64",
}


@dataclass(frozen=True)
class SrmTest:
    """Pearson chi-square test of observed arm counts against the planned shares."""

    statistic: float
    df: int
    p_value: float

    @property
    def passed(self) -> bool:
        return self.p_value >= SRM_ALPHA


def srm_test(observed: np.ndarray, planned_shares: np.ndarray) -> SrmTest:
    """Chi-square goodness of fit of ``observed`` counts (k,) to ``planned_shares`` (k,)."""
    expected = observed.sum() * planned_shares / planned_shares.sum()
    result = stats.chisquare(observed, expected)
    return SrmTest(float(result.statistic), len(observed) - 1, float(result.pvalue))


def minimum_detectable_effect(
    std: float, n_control: int, n_arm: int, alpha: float, power: float
) -> float:
    """Smallest true difference in means a two-sided level-``alpha`` z-test detects with
    probability ``power``: (z_(1 - alpha/2) + z_power) * std * sqrt(1/n_control + 1/n_arm)
    (the chance of rejecting in the wrong direction is neglected)."""
    z = stats.norm.ppf(1.0 - alpha / 2.0) + stats.norm.ppf(power)
    return float(z * std * math.sqrt(1.0 / n_control + 1.0 / n_arm))


def within_strata_std(values: pd.Series, strata: pd.Series) -> float:
    """Pooled within-stratum standard deviation sqrt(sum_s (n_s - 1) var_s / (N - S)): the
    noise left to a stratified comparison."""
    grouped = values.groupby(strata)
    dof = len(values) - grouped.ngroups
    if dof <= 0:
        return math.nan
    return math.sqrt(float(((values - grouped.transform("mean")) ** 2).sum()) / dof)


def _specs(experiments: pd.DataFrame) -> list[dict]:
    return [json.loads(text) for text in experiments.sort_values("experiment_name")["spec_json"]]


def srm_table(experiments: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """`experiment_srm_checks`: per experiment x arm the observed and expected units and the
    chi-square test; counts from the declared observed-arm column (null arms left out), else
    from the assignment itself."""
    rows = []
    for spec in _specs(experiments):
        units = assignments[assignments["experiment_name"] == spec["name"]]
        arms = list(spec["arms"])
        observed_column = spec.get("observed_arm")
        if observed_column:
            values = units["observed_arm"].dropna()
            unknown = sorted(set(values) - set(arms))
            if unknown:
                raise RolloutInputError(
                    f"experiment '{spec['name']}' (data {spec['data']}): observed arm column "
                    f"'{observed_column}' has values {unknown[:5]} outside the arms {arms}"
                )
        else:
            values = units["arm"]
        observed = values.value_counts().reindex(arms, fill_value=0).to_numpy()
        shares = np.array([spec["arms"][arm] for arm in arms], dtype=float)
        test = srm_test(observed, shares)
        for arm, count, share in zip(arms, observed, shares, strict=True):
            rows.append(
                {
                    "experiment_name": spec["name"],
                    "arm": arm,
                    "planned_share": share,
                    "observed_units": int(count),
                    "expected_units": observed.sum() * share,
                    "count_source": "observed_arm" if observed_column else "assignment",
                    "statistic": test.statistic,
                    "df": test.df,
                    "p_value": test.p_value,
                    "passed": test.passed,
                }
            )
    return typed_frame(rows, SRM_SCHEMA)


def power_table(experiments: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """`experiment_power`: per experiment with a metric and per non-control arm, the minimum
    detectable effect against the control arm at the assigned sample sizes."""
    rows = []
    for spec in _specs(experiments):
        if not spec.get("metric"):
            continue
        units = assignments[assignments["experiment_name"] == spec["name"]]
        metric = units["metric_value"]
        if metric.isna().any():
            raise RolloutInputError(
                f"experiment '{spec['name']}' (data {spec['data']}): metric column "
                f"'{spec['metric']}' has {int(metric.isna().sum())} null values"
            )
        std = float(metric.std())
        std_within = within_strata_std(metric, units["stratum"])
        n_control = int((units["arm"] == spec["control_arm"]).sum())
        for arm in list(spec["arms"])[1:]:
            n_arm = int((units["arm"] == arm).sum())
            mde = minimum_detectable_effect(std, n_control, n_arm, spec["alpha"], spec["power"])
            rows.append(
                {
                    "experiment_name": spec["name"],
                    "arm": arm,
                    "metric_name": spec["metric"],
                    "n_units_control": n_control,
                    "n_units_arm": n_arm,
                    "metric_mean": float(metric.mean()),
                    "metric_std": std,
                    "metric_std_within_strata": std_within,
                    "alpha": spec["alpha"],
                    "power": spec["power"],
                    "mde": mde,
                    "mde_relative": mde / float(metric.mean()) if metric.mean() else math.nan,
                    "mde_stratified": mde * std_within / std,
                }
            )
    return typed_frame(rows, POWER_SCHEMA)
