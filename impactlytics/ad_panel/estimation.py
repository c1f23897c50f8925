"""Least squares on the demeaned panel with CRV1 standard errors, and linear functionals of the
slope function beta(X) with their debiased standard errors.

The regressors W are the slope variables times a basis of the features (``SlopeTerm``) plus
nuisance columns (features varying within fixed effects, the network's g). Every column, the
outcome and an optional *offset* (the network's fitted part) are demeaned by the fixed effects;
delta = (W'W)^-1 W'(y - offset) on the demeaned columns. For the linear FE estimator the offset
is zero and delta holds the coefficients. For the network, the basis holds [1, X, beta_hat(X)]
and delta is the one-step correction of the network's slope along that sieve: a functional
theta = sum_i c_i beta(X_i) is estimated by sum_i c_i beta_hat(X_i) + a'delta with
a = sum_i c_i phi(X_i), which is the plug-in plus the mean of the residual times the sieve Riesz
representer alpha_i = a'(W'W)^-1 w_i (Chernozhukov, Newey & Singh 2022, auto-debiasing with a
linear sieve). Its variance a'Va uses V = c (W'W)^-1 M (W'W)^-1, M the sum over clusters of the
outer products of the cluster sums of w_i u_i, u the residual after the correction, and c
pyfixest's CRV1 small-sample factor (N - 1)/(N - k) G/(G - 1), k counting the coefficients
and the fixed effects not nested in the clusters. Intervals use t(G - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
from scipy.special import stdtrit

from impactlytics.ad_panel.demeaning import Demeaned, demean, demeaned_sql
from impactlytics.ad_panel.panel import PanelTable


@dataclass(frozen=True)
class SlopeTerm:
    """Regressor ``slope s x basis``: ``basis`` is an SQL expression over the panel (``1``, a
    feature, the network's beta_hat) and ``label`` its name (``clicks``, ``clicks:user_age``)."""

    slope: int
    basis: str
    label: str


@dataclass(frozen=True)
class NuisanceTerm:
    """A regressor that is not part of the slope (a within-varying feature, the network's g)."""

    expression: str
    label: str


@dataclass(frozen=True)
class SieveFit:
    """Demeaned least squares of the outcome (minus an offset) on the terms, with CRV1 V."""

    panel: PanelTable
    terms: tuple[SlopeTerm | NuisanceTerm, ...]
    delta: np.ndarray
    covariance: np.ndarray
    demeaned: Demeaned
    ssr_offset: float
    ssr_corrected: float
    sst: float
    dof_t: int

    @property
    def labels(self) -> list[str]:
        return [term.label for term in self.terms]

    def std_errors(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    def interval(self, estimate: np.ndarray, std_error: np.ndarray, level: float = 0.95):
        q = stdtrit(self.dof_t, 0.5 + level / 2)  # the t quantile; scipy.stats loads in 0.5 s
        return estimate - q * std_error, estimate + q * std_error


def _term_expression(term: SlopeTerm | NuisanceTerm) -> str:
    if isinstance(term, SlopeTerm):
        return f"p.d_{term.slope} * ({term.basis})"
    return term.expression


def fit_sieve(
    connection: duckdb.DuckDBPyConnection,
    panel: PanelTable,
    terms: tuple[SlopeTerm | NuisanceTerm, ...],
    offset: str | None = None,
    source: str | None = None,
) -> SieveFit:
    """Demean the outcome, the offset and the terms' columns and solve for delta (see module).

    ``source`` replaces the work table (e.g. the work table joined to network predictions); it
    must keep the alias ``p`` and the work table's columns."""
    spec = panel.spec
    table = source or panel.table
    columns = {"y": "p.y"}
    if offset is not None:
        columns["offset"] = offset
    columns.update({f"w_{j}": _term_expression(term) for j, term in enumerate(terms)})
    demeaned = demean(
        connection,
        table,
        list(panel.level_counts),
        columns,
        spec.demean_tolerance,
        spec.demean_max_iterations,
    )
    from_clause, expressions = demeaned_sql(table, panel.n_fixed_effects, columns)
    k = len(terms)
    outcome = expressions["y"] + (f" - ({expressions['offset']})" if offset else "")
    selected = [f"{expressions[f'w_{j}']} as w_{j}" for j in range(k)]
    selected += [f"{outcome} as u", "p.y as y", "p.cluster_code as cluster_code"]
    products = [f"sum(w_{a} * w_{b})" for a in range(k) for b in range(a, k)]
    products += [f"sum(w_{a} * u)" for a in range(k)]
    products += ["sum(u * u)", "sum(y)", "sum(y * y)", "count(*)"]
    # One scan: every sum per cluster; the cluster's score is its W'u = W'y - W'W delta.
    by_cluster = connection.execute(
        f"select {', '.join(products)} from (select {', '.join(selected)} from {from_clause})"
        " group by cluster_code"
    ).fetchnumpy()
    sums = np.column_stack([np.asarray(by_cluster[key], float) for key in by_cluster])
    n_gram = k * (k + 1) // 2
    grams, (upper_rows, upper_columns) = np.zeros((len(sums), k, k)), np.triu_indices(k)
    grams[:, upper_rows, upper_columns] = sums[:, :n_gram]
    grams = grams + np.triu(grams, 1).transpose(0, 2, 1)
    crosses = sums[:, n_gram : n_gram + k]
    gram, cross = grams.sum(axis=0), crosses.sum(axis=0)
    bread = _pseudo_inverse(gram)
    delta = bread @ cross
    total = sums[:, n_gram + k :].sum(axis=0)
    ssr_offset, sst = float(total[0]), float(total[2] - total[1] ** 2 / total[3])
    score_matrix = crosses - grams @ delta
    covariance = crv1_factor(panel, k) * bread @ (score_matrix.T @ score_matrix) @ bread
    ssr_corrected = ssr_offset - float(cross @ delta)
    return SieveFit(
        panel, terms, delta, covariance, demeaned, ssr_offset, ssr_corrected, sst,
        panel.n_clusters - 1,
    )  # fmt: skip


def _pseudo_inverse(gram: np.ndarray, rcond: float = 1e-10) -> np.ndarray:
    """Inverse of the Gram matrix, or its pseudo-inverse on the span of the columns when they
    are collinear (e.g. the network's beta_hat still linear in X after a warm start that
    training did not improve): functionals of the slope stay defined, being in that span."""
    scale = np.sqrt(np.clip(np.diag(gram), 1e-300, None))
    scaled = gram / np.outer(scale, scale)
    return np.linalg.pinv(scaled, rcond=rcond, hermitian=True) / np.outer(scale, scale)


def crv1_factor(panel: PanelTable, k: int) -> float:
    """pyfixest's default CRV1 factor: (N - 1)/(N - df_k) * G/(G - 1), where df_k counts the
    k coefficients and the fixed effects (one level of each but the first is redundant), less
    the levels of fixed effects nested in the clusters plus one per nested fixed effect."""
    n, g = panel.n_rows, panel.n_clusters
    levels = list(panel.level_counts)
    df_k = k + sum(levels) - (len(levels) - 1)
    nested = panel.nested_fixed_effects
    df_k += -sum(levels[i] for i in nested) + len(nested)
    return (n - 1) / (n - df_k) * g / (g - 1)


@dataclass(frozen=True)
class GroupFunctionals:
    """Debiased estimates of sum_i c_i beta_s(X_i) within each group, with standard errors."""

    groups: list
    n_rows: np.ndarray
    estimate: np.ndarray
    std_error: np.ndarray
    ci_lower: np.ndarray
    ci_upper: np.ndarray
    totals: dict[str, np.ndarray]


def group_functionals(
    connection: duckdb.DuckDBPyConnection,
    fit: SieveFit,
    slope: int,
    group: str,
    weight: str = "1.0",
    average: bool = True,
    plug_in: str = "0",
    source: str | None = None,
    totals: dict[str, str] | None = None,
) -> GroupFunctionals:
    """For each value of the SQL ``group`` expression, theta_g = sum over the group's rows of
    c_i beta_s(X_i) (divided by the group's row count when ``average``), c_i the SQL ``weight``
    (``1.0``, or ``0.1 * p.d_0`` for +10% of slope 0); ``plug_in`` is the SQL of the first-stage
    slope (beta_hat, or 0 for the linear model); ``totals`` are extra per-group sums."""
    table = source or fit.panel.table
    slope_terms = [
        (j, term)
        for j, term in enumerate(fit.terms)
        if isinstance(term, SlopeTerm) and term.slope == slope
    ]
    totals = totals or {}
    selected = [f"sum(({weight}) * ({term.basis})) as a_{j}" for j, term in slope_terms]
    selected += [f"sum({expression}) as total_{name}" for name, expression in totals.items()]
    result = connection.execute(
        f"select {group} as g, count(*) as n, sum(({weight}) * ({plug_in})) as plug_in,"
        f" {', '.join(selected)} from {table} as p group by g order by g"
    ).fetchnumpy()
    n_rows = np.asarray(result["n"], np.int64)
    scale = 1.0 / n_rows if average else np.ones(len(n_rows))
    gradient = np.zeros((len(n_rows), len(fit.terms)))
    for j, _ in slope_terms:
        gradient[:, j] = np.asarray(result[f"a_{j}"], float) * scale
    estimate = np.asarray(result["plug_in"], float) * scale + gradient @ fit.delta
    variance = np.einsum("gi,ij,gj->g", gradient, fit.covariance, gradient)
    std_error = np.sqrt(np.clip(variance, 0.0, None))
    lower, upper = fit.interval(estimate, std_error)
    return GroupFunctionals(
        groups=list(result["g"]),
        n_rows=n_rows,
        estimate=estimate,
        std_error=std_error,
        ci_lower=lower,
        ci_upper=upper,
        totals={name: np.asarray(result[f"total_{name}"], float) for name in totals},
    )
