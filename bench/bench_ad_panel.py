"""Ad panel benchmark: accuracy, speed and memory of the beta(X) panel stage, and CI coverage.

Part 1 (per --scales, default `large default`): simulates the ad panel (10M rows at `large`,
500K at `default`), builds each variant -- `vendor_ads` (nonlinear beta, outcome revenue) and
`vendor_ads_linear` (linear beta, outcome revenue_linear) -- with its own
`dbt build --selector ad_panel` and prints the recovery metrics (beta correlation, RMSE/sd(beta),
fixed-effect correlations, outcome R2), the average slopes against the truth, the wall time of
each model of the panel stage (from dbt's run_results.json), and the peak RSS of the dbt process.
Beside them it prints the ceilings of the fixed-effect correlations: the exact FE fit of
y - beta(X)'d - g(X) with the true beta and g (the true effects plus the simulated noise, the same
for both variants), which only the noise keeps from 1. (The outcome R2's ceiling, the true
model's, is the `outcome_r2_ceiling` row of the recovery metrics.)
At `large` it also times pyfixest's feols (same formula, same CRV1 vcov, after a warm-up that
compiles its numba demeaner) against the linear FE stage (`ad_panel_linear_fits`).

Part 2 replicates a 200K-row panel (--replications, default 100; --network-replications,
default the same) through the library code the dbt Python models call, and prints the 95% CI
coverage of the mean true slope over the rows (the estimand) for linear_fe on the linear-beta
outcome and for the debiased network on the nonlinear-beta outcome, with the Monte-Carlo SE,
mean bias, mean SE and SD of the estimates.

Each dbt build runs in a forked process, so the peak RSS printed is that build's own.

    python bench/bench_ad_panel.py [--scales large default] [--replications 100]
        [--network-replications 100] [--workers 2] [--variants vendor_ads vendor_ads_linear]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
import warnings
from multiprocessing import Pool, get_context

import numpy as np
import pandas as pd

from impactlytics.ad_panel.fits import linear_fe_records, network_predictions, network_records
from impactlytics.ad_panel.panel import build_panel_table
from impactlytics.ad_panel.tests.helpers import FEATURES, load_rows, panel_spec
from impactlytics.simulate.ad_panel import (
    AdPanelShape,
    simulate_ad_panel_chunks,
    true_fixed_effects,
)
from impactlytics.simulate.scales import AD_PANEL_SHAPES
from impactlytics.simulate.writer import write_ad_panel
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench_ad_panel"
STAGE_MODELS = (
    "int_ad_panel_rows",
    "ad_panel_linear_fits",
    "ad_panel_network_slopes",
    "ad_panel_network_fits",
)
VARIANTS = {"vendor_ads": "revenue", "vendor_ads_linear": "revenue_linear"}
FORMULA = "~ clicks + " + " + ".join(f"clicks:{f}" for f in FEATURES)


def panel_vars(name: str, outcome: str) -> dict:
    return {
        "ad_panels": [
            {
                "name": name,
                "data": "source:raw.ad_clicks_revenue",
                "row_id": "row_id",
                "outcome": outcome,
                "slope": "clicks",
                "features": list(FEATURES),
                "fixed_effects": ["user_id", "vendor_id", "period"],
                "cluster": "user_id",
            }
        ]
    }


def model_seconds() -> dict[str, float]:
    results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())
    return {
        result["unique_id"].split(".")[-1]: result["execution_time"]
        for result in results["results"]
        if result["unique_id"].split(".")[-1] in STAGE_MODELS
    }


def _build_in_child(warehouse: ScratchWarehouse, name: str, outcome: str, results) -> None:
    """Run in a forked process, so its RUSAGE_CHILDREN is the peak RSS of this one dbt build."""
    run = warehouse.dbt("build", "--selector", "ad_panel", vars_=panel_vars(name, outcome))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results.put((run.ok, run.output[-5000:], peak))


def build_variant(warehouse: ScratchWarehouse, name: str, outcome: str) -> dict:
    warehouse.db_path.unlink(missing_ok=True)
    start = time.perf_counter()
    context = get_context("fork")
    results = context.Queue()
    child = context.Process(target=_build_in_child, args=(warehouse, name, outcome, results))
    child.start()
    ok, output, peak = results.get()
    child.join()
    wall = time.perf_counter() - start
    if not ok:
        raise SystemExit(f"dbt build of {name} failed:\n{output}")
    seconds = model_seconds()
    metrics = warehouse.query(
        "select coalesce(estimator, 'true model') as estimator, metric, value"
        " from int_ad_panel_recovery_metrics"
    ).pivot_table(index="metric", columns="estimator", values="value")
    fit = warehouse.query("select * from fct_ad_fit")
    average = warehouse.query("select * from fct_ad_average_slope")
    print(f"\n--- {name} (outcome {outcome}) ---")
    print(metrics.round(4).to_string())
    print(
        fit[
            [
                "estimator",
                "outcome_r2",
                "rmse",
                "epochs",
                "demean_iterations",
                "demean_max_change",
                "n_rows",
                "n_singletons_dropped",
            ]
        ].to_string(index=False)
    )
    print(average.round(5).to_string(index=False))
    print(
        "stage seconds:",
        {k: round(v, 1) for k, v in seconds.items()},
        f"total {sum(seconds.values()):.1f}; dbt build wall {wall:.1f} s;"
        f" peak RSS of this dbt build {peak:.0f} MiB; load average {os.getloadavg()}",
    )
    return seconds


def pyfixest_formula(outcome: str) -> str:
    return f"{outcome} {FORMULA} | user_id + vendor_id + period"


def warm_up_pyfixest(frame: pd.DataFrame, formula: str) -> None:
    """Compile pyfixest's numba code on the first 20,000 rows. Most users appear once there,
    so pyfixest warns of singletons (2,693 at seed 1) that the whole panel does not have."""
    import pyfixest as pf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pf.feols(formula, frame.iloc[:20_000], vcov={"CRV1": "user_id"})


def feols_seconds(frame: pd.DataFrame, formula: str) -> float:
    import pyfixest as pf

    start = time.perf_counter()
    pf.feols(formula, frame, vcov={"CRV1": "user_id"}).se()
    return time.perf_counter() - start


def time_pyfixest(data_dir, outcome: str, repeats: int) -> list[float]:
    frame = pd.read_parquet(data_dir / "raw" / "ad_clicks_revenue.parquet")
    formula = pyfixest_formula(outcome)
    warm_up_pyfixest(frame, formula)
    return [feols_seconds(frame, formula) for _ in range(repeats)]


def fixed_effect_ceilings(data_dir, seed: int, scale: str, tolerance: float = 1e-10) -> dict:
    """Correlation with the truth of each dimension's exact least-squares fixed effects of
    r = (sum of the true effects) + noise, by alternating projections to ``tolerance``."""
    columns = ["user_id", "vendor_id", "period"]
    rows = pd.read_parquet(data_dir / "raw" / "ad_clicks_revenue.parquet", columns=columns)
    noise = pd.read_parquet(data_dir / "truth" / "ad_true_slopes.parquet", columns=["noise"])
    truth = true_fixed_effects(AdPanelShape(*AD_PANEL_SHAPES[scale]), seed)
    codes, true_effects = [], []
    for column in columns:
        effects = truth[truth["dimension"] == column].set_index("level")["true_effect"]
        level_codes = pd.Index(effects.index).get_indexer(rows[column].astype(str))
        codes.append(level_codes)
        true_effects.append(effects.to_numpy())
    residual = noise["noise"].to_numpy() + sum(
        effects[c] for effects, c in zip(true_effects, codes, strict=True)
    )
    counts = [np.bincount(c, minlength=len(e)) for c, e in zip(codes, true_effects, strict=True)]
    estimates = [np.zeros(len(e)) for e in true_effects]
    for _ in range(1000):
        change = 0.0
        for k, c in enumerate(codes):
            residual += estimates[k][c]
            new = np.bincount(c, residual, len(counts[k])) / np.maximum(counts[k], 1)
            residual -= new[c]
            change, estimates[k] = max(change, np.abs(new - estimates[k]).max()), new
        if change < tolerance:
            break
    return {
        f"fe_correlation_{column}": float(np.corrcoef(estimate, effects)[0, 1])
        for column, estimate, effects in zip(columns, estimates, true_effects, strict=True)
    }


def bench_scale(scale: str, seed: int, pyfixest_repeats: int, variants: list[str]) -> None:
    warehouse = ScratchWarehouse(BENCH_DIR / scale / "data", BENCH_DIR / scale / "bench.duckdb")
    start = time.perf_counter()
    write_ad_panel(warehouse.data_dir, seed, scale)
    print(f"\n===== scale {scale}: simulated in {time.perf_counter() - start:.1f} s =====")
    ceilings = fixed_effect_ceilings(warehouse.data_dir, seed, scale)
    rounded = {name: round(value, 5) for name, value in ceilings.items()}
    print("ceilings (exact FE fit with the true beta and g):", rounded)
    linear_stage = {}
    for name in variants:
        outcome = VARIANTS[name]
        linear_stage[outcome] = build_variant(warehouse, name, outcome)["ad_panel_linear_fits"]
    if pyfixest_repeats and "revenue_linear" in linear_stage:
        timings = time_pyfixest(warehouse.data_dir, "revenue_linear", pyfixest_repeats)
        median = statistics.median(timings)
        ours = linear_stage["revenue_linear"]
        print(
            f"load average {os.getloadavg()}; pyfixest feols (CRV1) seconds"
            f" {[round(t, 1) for t in timings]}, median"
            f" {median:.1f}; ad_panel_linear_fits {ours:.1f} s (ratio {ours / median:.2f})"
        )


def replicate(job: tuple[int, str]) -> dict:
    """One 200K-row replication of one estimator: its average slope against the mean true slope
    of the analysed rows (linear_fe on the linear-beta outcome, network on the nonlinear one)."""
    seed, estimator = job
    shape = AdPanelShape(200_000, 10_000, 2_000, 50)
    raw, truth = (
        pd.concat(parts, ignore_index=True)
        for parts in zip(*simulate_ad_panel_chunks(shape, seed), strict=True)
    )
    outcome, true_column = {
        "linear_fe": ("revenue_linear", "true_slope_linear"),
        "network": ("revenue", "true_slope"),
    }[estimator]
    spec = panel_spec(outcome=outcome, max_epochs=30, patience=3, demean_tolerance=1e-8)
    connection = load_rows(raw, spec)
    panel = build_panel_table(connection, "rows", spec)
    records = pd.DataFrame(linear_fe_records(connection, panel))
    if estimator == "network":
        trained = network_predictions(connection, panel, records, seed, "predictions")
        records = pd.DataFrame(network_records(connection, panel, "predictions", trained.epochs))
    kept = connection.execute(f"select row_index from {panel.table}").df()["row_index"]
    connection.close()
    average = records[records["record"] == "average_slope"].iloc[0]
    truth_value = float(truth[true_column].to_numpy()[kept.to_numpy()].mean())
    return {
        "estimator": estimator,
        "error": float(average["estimate"]) - truth_value,
        "std_error": float(average["std_error"]),
        "covered": bool(average["ci_lower"] <= truth_value <= average["ci_upper"]),
    }


def coverage_line(rows: list[dict]) -> str:
    covered = np.array([r["covered"] for r in rows])
    errors = np.array([r["error"] for r in rows])
    ses = np.array([r["std_error"] for r in rows])
    p = covered.mean()
    spread = errors.std(ddof=1) if len(rows) > 1 else float("nan")
    return (
        f"{rows[0]['estimator']}: {len(rows)} replications, coverage {p:.3f} (MC s.e."
        f" {np.sqrt(p * (1 - p) / len(rows)):.3f}), mean bias {errors.mean():+.5f},"
        f" mean SE {ses.mean():.5f}, SD of estimate - truth {spread:.5f}"
    )


def bench_coverage(
    replications: int, network_replications: int, workers: int, first_seed: int = 1000
) -> None:
    """Replications of linear_fe first, then of the network; a running line after each one,
    so a run stopped early still reports what it measured."""
    os.environ.setdefault("IMPACTLYTICS_THREADS", "1")
    jobs = [(first_seed + r, "linear_fe") for r in range(replications)]
    jobs += [(first_seed + r, "network") for r in range(network_replications)]
    start = time.perf_counter()
    results: dict[str, list[dict]] = {}
    print("\n===== coverage of the mean true slope over the rows, 200K rows =====", flush=True)
    with Pool(workers) as pool:
        for result in pool.imap(replicate, jobs):
            rows = results.setdefault(result["estimator"], [])
            rows.append(result)
            elapsed = time.perf_counter() - start
            load = os.getloadavg()[0]
            print(f"[{elapsed:.0f} s, load {load:.1f}] {coverage_line(rows)}", flush=True)
    for rows in results.values():
        print(coverage_line(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="*", default=["large", "default"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pyfixest-repeats", type=int, default=3)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--network-replications", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument(
        "--first-seed", type=int, default=1000, help="seed of the first replication"
    )
    args = parser.parse_args()
    for scale in args.scales:
        repeats = args.pyfixest_repeats if scale == "large" else 0
        bench_scale(scale, args.seed, repeats, args.variants)
    network = args.replications if args.network_replications is None else args.network_replications
    if args.replications or network:
        bench_coverage(args.replications, network, args.workers, args.first_seed)


if __name__ == "__main__":
    main()
