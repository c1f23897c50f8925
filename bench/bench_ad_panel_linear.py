"""Linear FE stage against pyfixest's feols on the same simulated panel, interleaved in one run.

Simulates the linear-beta ad panel (10,000 users, 2,000 vendors, 50 periods; --rows rows),
builds the stage's upstream SQL models once, then alternates --repeats times: `dbt run` of the
linear FE stage (the time of each of STAGE_MODELS from run_results.json) and pyfixest's feols
(same formula, CRV1 by user, after a numba warm-up) on the same rows. Prints each timing with
the load average, the medians and their ratio.

    IMPACTLYTICS_THREADS=2 python bench/bench_ad_panel_linear.py [--rows 10000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import warnings

import pandas as pd

from impactlytics.ad_panel.tests.helpers import FEATURES
from impactlytics.simulate.ad_panel import AdPanelShape, simulate_ad_panel_chunks
from impactlytics.simulate.writer import ParquetChunks
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench_ad_panel_linear"
UPSTREAM = ("+int_ad_panel_rows", "int_ad_panels_declared")
STAGE_MODELS = ("ad_panel_linear_fits",)
FORMULA = (
    "revenue_linear ~ clicks + "
    + " + ".join(f"clicks:{f}" for f in FEATURES)
    + " | user_id + vendor_id + period"
)
PANEL = {
    "name": "vendor_ads_linear",
    "data": "source:raw.ad_clicks_revenue",
    "row_id": "row_id",
    "outcome": "revenue_linear",
    "slope": "clicks",
    "features": list(FEATURES),
    "fixed_effects": ["user_id", "vendor_id", "period"],
    "cluster": "user_id",
}


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def simulate(warehouse: ScratchWarehouse, rows: int, seed: int) -> pd.DataFrame:
    path = warehouse.data_dir / "raw" / "ad_clicks_revenue.parquet"
    with ParquetChunks(path) as raw_file:
        for raw, _ in simulate_ad_panel_chunks(AdPanelShape(rows, 10_000, 2_000, 50), seed):
            raw_file.write(raw)
    return pd.read_parquet(path)


def dbt_run(warehouse: ScratchWarehouse, *select: str) -> dict[str, float]:
    run = warehouse.dbt("run", "--select", *select, vars_={"ad_panels": [PANEL]})
    if not run.ok:
        raise SystemExit(run.output[-5000:])
    results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}


def time_pyfixest(frame: pd.DataFrame) -> float:
    import pyfixest as pf

    start = time.perf_counter()
    pf.feols(FORMULA, frame, vcov={"CRV1": "user_id"}).se()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("IMPACTLYTICS_THREADS", "2")
    directory = BENCH_DIR / str(args.rows)
    warehouse = ScratchWarehouse(directory / "data", directory / "bench.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    frame = simulate(warehouse, args.rows, args.seed)
    upstream = dbt_run(warehouse, *UPSTREAM)
    print(f"{args.rows:,} rows; upstream models {upstream} (load {load()})")
    import pyfixest as pf

    with warnings.catch_warnings():  # the 20,000-row warm-up has singletons; the panel has none
        warnings.simplefilter("ignore")
        pf.feols(FORMULA, frame.iloc[:20_000], vcov={"CRV1": "user_id"})  # numba warm-up
    ours, theirs = [], []
    for repeat in range(args.repeats):
        seconds = dbt_run(warehouse, *STAGE_MODELS)
        ours.append(sum(seconds[model] for model in STAGE_MODELS))
        print(f"#{repeat} ours {seconds} = {ours[-1]:.1f} s (load {load()})", flush=True)
        theirs.append(time_pyfixest(frame))
        print(f"#{repeat} pyfixest feols {theirs[-1]:.1f} s (load {load()})", flush=True)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"{args.rows:,} rows: linear FE stage median {statistics.median(ours):.1f} s of"
        f" {[round(t, 1) for t in ours]}, pyfixest median {statistics.median(theirs):.1f} s of"
        f" {[round(t, 1) for t in theirs]}, ratio {ratio:.2f} (load {load()})"
    )


if __name__ == "__main__":
    main()
