"""Per panel: the linear FE stage, the network stage and the network's debiased functionals,
each as long records (one schema, ``RECORD_SCHEMA``) that the marts select from."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from impactlytics.ad_panel.demeaning import coefficient_table_name, store_coefficients
from impactlytics.ad_panel.estimation import (
    GroupFunctionals,
    NuisanceTerm,
    SieveFit,
    SlopeTerm,
    fit_sieve,
    group_functionals,
)
from impactlytics.ad_panel.panel import PanelTable
from impactlytics.ad_panel.vendor_slopes import vendor_slope_correction

if TYPE_CHECKING:
    from impactlytics.ad_panel.network import TrainedNetwork, WarmStart

logger = logging.getLogger(__name__)

RECORD_SCHEMA = {
    "panel_name": "string",
    "estimator": "string",
    "record": "string",
    "slope_variable": "string",
    "group_column": "string",
    "group_level": "string",
    "lower_bound": "float64",
    "upper_bound": "float64",
    "n_rows": "Int64",
    "estimate": "float64",
    "std_error": "float64",
    "ci_lower": "float64",
    "ci_upper": "float64",
    "total_slope": "float64",
    "total_outcome": "float64",
}
COUNTERFACTUAL_CHANGE = 0.10


def linear_terms(panel: PanelTable, with_network: bool = False) -> tuple:
    """slope x [1, X] (plus slope x beta_hat for the network's sieve), then the features that
    vary within fixed effects (plus the network's g)."""
    spec = panel.spec
    terms: list = []
    for s, slope in enumerate(spec.slopes):
        terms.append(SlopeTerm(s, "1", slope))
        terms += [
            SlopeTerm(s, panel.feature_sql(j), f"{slope}:{feature}")
            for j, feature in enumerate(spec.features)
        ]
        if with_network:
            terms.append(SlopeTerm(s, f"p.beta_{s}", f"{slope}:beta_hat"))
    terms += [NuisanceTerm(panel.feature_sql(j), spec.features[j]) for j in panel.within_features]
    if with_network:
        terms.append(NuisanceTerm("p.g_hat", "g_hat"))
    return tuple(terms)


def _record(panel, estimator, record, **values) -> dict:
    return {"panel_name": panel.spec.name, "estimator": estimator, "record": record, **values}


def _functional_records(panel, estimator, record, slope, column, functionals, bounds=None):
    return [
        _record(
            panel,
            estimator,
            record,
            slope_variable=panel.spec.slopes[slope],
            group_column=column,
            group_level=str(group),
            lower_bound=(bounds or {}).get(group, (None, None))[0],
            upper_bound=(bounds or {}).get(group, (None, None))[1],
            n_rows=int(functionals.n_rows[i]),
            estimate=functionals.estimate[i],
            std_error=functionals.std_error[i],
            ci_lower=functionals.ci_lower[i],
            ci_upper=functionals.ci_upper[i],
            **{f"total_{name}": values[i] for name, values in functionals.totals.items()},
        )
        for i, group in enumerate(functionals.groups)
    ]


def _segment_expression(connection, table: str, j: int, groups: int) -> tuple[str, dict]:
    """SQL of the quantile group (1..groups) of feature j over rows, and each group's bounds,
    from one scan: the feature's distinct values and row counts give DuckDB's ``quantile_cont``
    cuts exactly (order statistics at (N - 1)q, interpolated) and each group's min and max."""
    counted = connection.execute(
        f"select x_{j} as value, count(*) as n from {table} group by x_{j} order by x_{j}"
    ).fetchnumpy()
    values, cumulative = np.asarray(counted["value"], float), np.cumsum(counted["n"])
    ranks = (cumulative[-1] - 1) * np.array([i / groups for i in range(1, groups)])
    low, high = (
        values[np.searchsorted(cumulative, f(ranks), "right")] for f in (np.floor, np.ceil)
    )
    cuts = sorted(set(low + (high - low) * (ranks - np.floor(ranks))))
    expression = "1" + "".join(f" + cast(p.x_{j} > {float(cut)!r} as integer)" for cut in cuts)
    group = 1 + np.searchsorted(cuts, values, "left")
    return expression, {
        int(g): (float(values[group == g].min()), float(values[group == g].max()))
        for g in np.unique(group)
    }


def functional_records(
    connection: duckdb.DuckDBPyConnection,
    panel: PanelTable,
    fit: SieveFit,
    estimator: str,
    plug_in: dict[int, str],
    table: str,
) -> list[dict]:
    """Average slope, slope per vendor and per user segment, and +10% slope counterfactual per
    vendor, for every slope variable."""
    spec = panel.spec
    vendor_k = spec.fixed_effects.index(spec.vendor)
    vendor, names = f"p.fe_{vendor_k}", panel.level_names(connection, vendor_k)

    def by_level(functionals: GroupFunctionals) -> GroupFunctionals:
        return dataclasses.replace(functionals, groups=[names[g] for g in functionals.groups])

    records = []
    for s in range(len(spec.slopes)):
        base = plug_in.get(s, "0")
        overall = group_functionals(connection, fit, s, "'all'", plug_in=base, source=table)
        records += _functional_records(panel, estimator, "average_slope", s, None, overall)
        by_vendor = by_level(
            group_functionals(connection, fit, s, vendor, plug_in=base, source=table)
        )
        records += _functional_records(panel, estimator, "vendor_slope", s, spec.vendor, by_vendor)
        for feature in spec.segment_features or panel.first_effect_features:
            j = spec.features.index(feature)
            expression, bounds = _segment_expression(connection, table, j, spec.segment_groups)
            segments = group_functionals(connection, fit, s, expression, plug_in=base, source=table)
            records += _functional_records(
                panel, estimator, "segment_slope", s, feature, segments, bounds
            )
        change = group_functionals(
            connection,
            fit,
            s,
            vendor,
            weight=f"{COUNTERFACTUAL_CHANGE} * p.d_{s}",
            average=False,
            plug_in=base,
            source=table,
            totals={"slope": f"p.d_{s}", "outcome": "p.y"},
        )
        records += _functional_records(
            panel, estimator, "counterfactual", s, spec.vendor, by_level(change)
        )
    return records


def fixed_effect_records(
    connection,
    panel: PanelTable,
    fit: SieveFit,
    estimator: str,
    weights: dict[str, float],
    changes: dict[int, np.ndarray] | None = None,
) -> list[dict]:
    """Fixed effects of y - (the weighted demeaned columns), plus ``changes`` (fixed effect k
    -> change by code): every dimension but the first centred to a row-weighted mean of zero,
    the first absorbing the intercept."""
    coefficients = list(fit.demeaned.combined(weights))
    for k, change in (changes or {}).items():
        coefficients[k] = coefficients[k] + change
    records, shift = [], 0.0
    levels = []
    for k in range(panel.n_fixed_effects):
        rows = connection.execute(
            f"select p.fe_{k}, any_value(levels.level), count(*) from {panel.table} as p"
            f" join {panel.level_table(k)} as levels on p.fe_{k} = levels.code"
            f" group by p.fe_{k} order by p.fe_{k}"
        ).fetchall()
        codes = np.array([row[0] for row in rows])
        counts = np.array([row[2] for row in rows], dtype=float)
        values = coefficients[k][codes]
        if k > 0:
            centre = float(values @ counts / counts.sum())
            values, shift = values - centre, shift + centre
        levels.append((codes, [row[1] for row in rows], counts, values))
    for k, (_, names, counts, values) in enumerate(levels):
        values = values + (shift if k == 0 else 0.0)
        records += [
            _record(
                panel,
                estimator,
                "fixed_effect",
                group_column=panel.spec.fixed_effects[k],
                group_level=name,
                n_rows=int(count),
                estimate=float(value),
            )
            for name, count, value in zip(names, counts, values, strict=True)
        ]
    return records


def fit_records(panel: PanelTable, fit: SieveFit, estimator: str, ssr: float, **extra) -> list:
    metrics = {
        "outcome_r2": 1.0 - ssr / fit.sst,
        "rmse": float(np.sqrt(ssr / panel.n_rows)),
        "demean_iterations": fit.demeaned.iterations,
        "demean_max_change": fit.demeaned.max_change,
        "demean_tolerance": fit.demeaned.tolerance,
        "demean_converged": float(fit.demeaned.converged),
        "n_rows": panel.n_rows,
        "n_singletons_dropped": panel.n_singletons,
        "n_clusters": panel.n_clusters,
        **extra,
    }
    return [
        _record(panel, estimator, "fit", group_column=name, estimate=float(value))
        for name, value in metrics.items()
    ]


def linear_fe_records(connection: duckdb.DuckDBPyConnection, panel: PanelTable) -> list[dict]:
    """The linear FE stage: coefficients with CRV1 SEs, fixed effects, functionals, fit."""
    fit = fit_sieve(connection, panel, linear_terms(panel))
    std_errors = fit.std_errors()
    lower, upper = fit.interval(fit.delta, std_errors)
    records = [
        _record(
            panel,
            "linear_fe",
            "coefficient",
            group_column=label,
            n_rows=panel.n_rows,
            estimate=fit.delta[j],
            std_error=std_errors[j],
            ci_lower=lower[j],
            ci_upper=upper[j],
        )
        for j, label in enumerate(fit.labels)
    ]
    weights = {"y": 1.0, **{f"w_{j}": -fit.delta[j] for j in range(len(fit.terms))}}
    records += fixed_effect_records(connection, panel, fit, "linear_fe", weights)
    records += functional_records(connection, panel, fit, "linear_fe", {}, panel.table)
    records += fit_records(panel, fit, "linear_fe", fit.ssr_corrected)
    return records


def warm_start(panel: PanelTable, linear: pd.DataFrame, connection) -> WarmStart:
    """The linear stage's records of this panel in the network's parameterisation."""
    from impactlytics.ad_panel.network import WarmStart  # torch: not for the linear stage

    spec = panel.spec
    coefficients = linear[linear["record"] == "coefficient"].set_index("group_column")["estimate"]
    intercepts = np.array([coefficients[slope] for slope in spec.slopes])
    slope_coefficients = np.array(
        [[coefficients[f"{slope}:{feature}"] for feature in spec.features] for slope in spec.slopes]
    )
    feature_coefficients = np.array(
        [coefficients.get(feature, 0.0) if j in panel.within_features else 0.0
         for j, feature in enumerate(spec.features)]
    )  # fmt: skip
    fixed = linear[linear["record"] == "fixed_effect"]
    effects = []
    for k, column in enumerate(spec.fixed_effects):
        by_level = fixed[fixed["group_column"] == column].set_index("group_level")["estimate"]
        values = np.array([by_level.get(level, 0.0) for level in panel.level_names(connection, k)])
        effects.append(values)
    return WarmStart(intercepts, slope_coefficients, feature_coefficients, tuple(effects))


@dataclasses.dataclass(frozen=True)
class CrossFittedNetwork:
    """The fold networks of :func:`network_predictions`: their mean training passes (epochs
    in passes over each network's training rows) and mean hold-out RMSE."""

    networks: tuple[TrainedNetwork, ...]

    @property
    def epochs(self) -> float:
        return float(np.mean([network.epochs for network in self.networks]))

    @property
    def validation_rmse(self) -> float:
        return float(np.mean([network.validation_rmse for network in self.networks]))


def fold_sql(panel: PanelTable, fold: int, random_state: int) -> str:
    """SQL predicate of the rows in cross-fitting fold ``fold``: clusters hashed into folds."""
    folds = panel.spec.cross_fit_folds
    return f"hash(cluster_code + {int(random_state)}) % {folds} = {fold}"


def network_predictions(
    connection, panel: PanelTable, linear: pd.DataFrame, random_state: int, table: str
) -> CrossFittedNetwork:
    """Train the network from the linear warm start and write its per-row predictions, cross-fit
    by clusters: with F = ``cross_fit_folds`` > 1, fold f's rows are predicted by a network
    trained on the other folds' clusters only, so no row's slope was fitted to its own
    cluster's noise and the debiased functionals' influence-function SEs hold however closely
    the networks fit their data (F networks cost about F times one). F = 1 trains one network
    on every row."""
    from impactlytics.ad_panel.network import (  # torch: not for the linear stage
        create_predictions_table,
        predict_into,
        train_network,
    )

    warm = warm_start(panel, linear, connection)
    folds = panel.spec.cross_fit_folds
    create_predictions_table(connection, panel, table)
    networks = []
    for fold in range(folds):
        rows = fold_sql(panel, fold, random_state)
        training = rows if folds == 1 else f"not ({rows})"
        trained = train_network(connection, panel, warm, random_state + fold, training)
        predict_into(connection, panel, trained, table, random_state, rows=rows)
        networks.append(trained)
    return CrossFittedNetwork(tuple(networks))


def _vendor_effect_changes(connection, panel: PanelTable, table: str, effects) -> dict:
    """{vendor fixed effect: change by code} of the vendor slope correction (``vendor_slopes``)
    of the network's fit on ``table`` (the work table joined to the predictions), ``effects``
    the fixed effects of y - d'beta_hat - g_hat."""
    n_slopes, prefix = len(panel.spec.slopes), f"{table}__effects"
    for k, values in enumerate(effects):
        store_coefficients(connection, prefix, k, ("value",), np.asarray(values, float)[:, None])
    joins = " ".join(
        f"join {coefficient_table_name(prefix, k)} as e{k} on p.fe_{k} = e{k}.code"
        for k in range(panel.n_fixed_effects)
    )
    slope_part = " + ".join(f"p.d_{s} * p.beta_{s}" for s in range(n_slopes))
    effect_part = " + ".join(f"e{k}.value" for k in range(panel.n_fixed_effects))
    vendor_k = panel.spec.fixed_effects.index(panel.spec.vendor)
    correction = vendor_slope_correction(
        connection,
        f"{table} as p {joins}",
        f"p.fe_{vendor_k}",
        [f"p.d_{s}" for s in range(n_slopes)],
        f"(p.y - ({slope_part}) - p.g_hat - ({effect_part}))",
        panel.level_counts[vendor_k],
    )
    return {vendor_k: correction.effect_change}


def network_records(
    connection: duckdb.DuckDBPyConnection, panel: PanelTable, predictions: str, epochs: float
) -> list[dict]:
    """The network's debiased functionals, fixed effects and fit, from its predictions."""
    joined = f"{panel.table}__network"
    connection.execute(
        f"create or replace temp table {joined} as select work.*, predictions.* exclude (row_index)"
        f" from {panel.table} as work inner join {predictions} as predictions using (row_index)"
        " order by row_index"
    )
    n_slopes = len(panel.spec.slopes)
    slope_part = " + ".join(f"p.d_{s} * p.beta_{s}" for s in range(n_slopes))
    fit = fit_sieve(
        connection,
        panel,
        linear_terms(panel, with_network=True),
        offset=f"{slope_part} + p.g_hat",
        source=joined,
    )
    plug_in = {s: f"p.beta_{s}" for s in range(n_slopes)}
    records = functional_records(connection, panel, fit, "network", plug_in, joined)
    network_columns = {
        f"w_{j}": -1.0
        for j, term in enumerate(fit.terms)
        if (isinstance(term, SlopeTerm) and term.basis.startswith("p.beta_"))
        or (isinstance(term, NuisanceTerm) and term.expression == "p.g_hat")
    }
    weights = {"y": 1.0, **network_columns}
    changes = _vendor_effect_changes(connection, panel, joined, fit.demeaned.combined(weights))
    records += fixed_effect_records(connection, panel, fit, "network", weights, changes)
    records += fit_records(panel, fit, "network", fit.ssr_offset, epochs=epochs)
    connection.execute(f"drop table if exists {joined}")
    return records
