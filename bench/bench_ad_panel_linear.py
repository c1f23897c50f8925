"""Linear FE stage against pyfixest's feols on the same simulated panel, interleaved in one run.

Simulates the ad panel (10,000 users, 2,000 vendors, 50 periods; --rows rows), builds the
stage's upstream SQL models once, then alternates --repeats times: `dbt run` of the linear FE
stage of the linear-beta panel (`ad_panel_linear_fits`; its time from run_results.json) and
pyfixest's feols on the same rows (same formula and CRV1 vcov as bench_ad_panel.py, after its
numba warm-up). Prints each timing with the load average, the medians and their ratio.

    IMPACTLYTICS_THREADS=2 python bench/bench_ad_panel_linear.py [--rows 10000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics

import pandas as pd
from bench_ad_panel import (  # bench/ is on sys.path when run as a script
    feols_seconds,
    panel_vars,
    pyfixest_formula,
    warm_up_pyfixest,
)

from impactlytics.simulate.ad_panel import AdPanelShape, simulate_ad_panel_chunks
from impactlytics.simulate.writer import ParquetChunks
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench_ad_panel_linear"
UPSTREAM = ("int_ad_panels_declared", "+int_ad_panel_rows")
STAGE = "ad_panel_linear_fits"
VARS = panel_vars("vendor_ads_linear", "revenue_linear")


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def simulate(warehouse: ScratchWarehouse, rows: int, seed: int) -> pd.DataFrame:
    path = warehouse.data_dir / "raw" / "ad_clicks_revenue.parquet"
    with ParquetChunks(path) as raw_file:
        for raw, _ in simulate_ad_panel_chunks(AdPanelShape(rows, 10_000, 2_000, 50), seed):
            raw_file.write(raw)
    return pd.read_parquet(path)


def dbt_seconds(warehouse: ScratchWarehouse, *select: str) -> dict[str, float]:
    run = warehouse.dbt("run", "--select", *select, vars_=VARS)
    if not run.ok:
        raise SystemExit(run.output[-5000:])
    results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    directory = BENCH_DIR / str(args.rows)
    warehouse = ScratchWarehouse(directory / "data", directory / "bench.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    frame = simulate(warehouse, args.rows, args.seed)
    upstream = {k: round(v, 1) for k, v in dbt_seconds(warehouse, *UPSTREAM).items()}
    print(f"{args.rows:,} rows; upstream models {upstream} s (load {load()})", flush=True)
    formula = pyfixest_formula("revenue_linear")
    warm_up_pyfixest(frame, formula)
    ours, theirs = [], []
    for repeat in range(args.repeats):
        ours.append(dbt_seconds(warehouse, STAGE)[STAGE])
        print(f"#{repeat} {STAGE} {ours[-1]:.1f} s (load {load()})", flush=True)
        theirs.append(feols_seconds(frame, formula))
        print(f"#{repeat} pyfixest feols {theirs[-1]:.1f} s (load {load()})", flush=True)
    print(
        f"{args.rows:,} rows: {STAGE} median {statistics.median(ours):.1f} s of"
        f" {[round(t, 1) for t in ours]}, pyfixest feols median"
        f" {statistics.median(theirs):.1f} s of {[round(t, 1) for t in theirs]}, ratio"
        f" {statistics.median(ours) / statistics.median(theirs):.2f} (load {load()})"
    )


if __name__ == "__main__":
    main()
