"""Campaign predictor benchmark: accuracy against the best achievable R², interval coverage over
replications, and API latency under 50 concurrent clients on loopback.

Part 1 simulates the default-scale campaigns (5,000, seed 42), runs `dbt build --selector
campaigns` and prints every candidate's test metrics and the recovery metrics (test R² of the
selected model against the simulator's achievable R² and the oracle's R² on the same test rows).

Part 2 replicates the data --replications times (new seeds, same ids and so the same split),
featurizes each draw with the compiled SQL of int_campaigns_featurized against the bench
warehouse, and runs the library code the dbt Python model calls. It prints, per model, target
and interval method, the mean test R² and its gap to the achievable R², the mean coverage with
its Monte-Carlo standard error, the median interval width, and the selected model's coverage
per platform.

Part 3 serves the bench warehouse with `impactlytics serve` in a subprocess and sends
`POST /api/predict` from 50 concurrent clients (one connection each) on 127.0.0.1: p50 and p99
latency and the throughput. Client and server share the machine's cores.

    python bench/bench_campaigns.py [--replications 50] [--requests 5000] [--skip-dbt]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import numpy as np
import pandas as pd

from impactlytics.campaigns.features import TARGETS
from impactlytics.campaigns.tables import CONFORMAL, declared_predictor, model_metrics_table
from impactlytics.campaigns.training import fit_predictor, split_campaigns
from impactlytics.simulate.campaigns import achievable_r2
from impactlytics.simulate.scales import CAMPAIGNS_PER_SCALE
from impactlytics.simulate.writer import write_campaigns
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench-campaigns"
TARGET_PATH = BENCH_DIR / "target"
COMPILED_FEATURES = (
    TARGET_PATH
    / "compiled"
    / "impactlytics"
    / "models"
    / "intermediate"
    / "campaigns"
    / "int_campaigns_featurized.sql"
)
SEED = 42
CONCURRENCY = 50


def build_demo(warehouse: ScratchWarehouse, skip_dbt: bool) -> None:
    """Part 1: simulate, build, print the marts' headline numbers."""
    if not skip_dbt:
        write_campaigns(warehouse.data_dir, SEED, "default")
        start = time.perf_counter()
        run = warehouse.dbt("build", "--selector", "campaigns", "--target-path", str(TARGET_PATH))
        if not run.ok:
            sys.exit(f"dbt build failed:\n{run.output}")
        print(f"dbt build --selector campaigns: {time.perf_counter() - start:.1f} s wall")
    metrics = warehouse.query(
        "select model, target, interval_method, r2, cv_r2, mape, interval_coverage, "
        "interval_width, is_selected, n_train, n_calibration, n_test "
        "from fct_campaign_model_metrics order by target desc, model, interval_method"
    )
    print(f"\n== Default scale ({CAMPAIGNS_PER_SCALE['default']:,} campaigns, seed {SEED})")
    print(metrics.round(4).to_string(index=False))
    recovery = warehouse.query(
        "select outcome, metric, estimator, value from int_campaigns_recovery_metrics "
        "order by outcome desc, metric"
    )
    print("\n== Recovery of the simulated truth (int_campaigns_recovery_metrics)")
    print(recovery.round(4).to_string(index=False))


def featurize(warehouse: ScratchWarehouse, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse.db_path), read_only=True) as connection:
        return connection.sql(sql).df()


def coverage_by_platform(
    predictors: pd.DataFrame, features: pd.DataFrame, metrics: pd.DataFrame
) -> pd.DataFrame:
    """The selected model's conformal coverage of the test rows per platform and target (held
    within each platform only when the intervals are calibrated per platform)."""
    spec = declared_predictor(predictors)
    splits = split_campaigns(spec, features)
    selected = metrics.loc[metrics["is_selected"], "model"].iloc[0]
    predictor = fit_predictor(spec, splits, selected, SEED)
    _, lower, upper = predictor.predict_interval(splits.test)
    observed = splits.test[list(TARGETS)].to_numpy(dtype=np.float64)
    inside = pd.DataFrame((lower <= observed) & (observed <= upper), columns=list(TARGETS))
    return inside.groupby(splits.test["platform"].to_numpy()).mean()


def bench_replications(warehouse: ScratchWarehouse, replications: int) -> None:
    """Part 2: coverage and R² over replications of the default-scale data."""
    sql = COMPILED_FEATURES.read_text()
    predictors = warehouse.query("select * from int_campaign_predictor_declared")
    frames, by_platform = [], []
    start = time.perf_counter()
    for replication in range(replications):
        write_campaigns(warehouse.data_dir, SEED + 1 + replication, "default")
        features = featurize(warehouse, sql)
        metrics = model_metrics_table(predictors, features, random_state=SEED)
        frames.append(metrics.assign(replication=replication))
        by_platform.append(coverage_by_platform(predictors, features, metrics))
    write_campaigns(warehouse.data_dir, SEED, "default")  # leave the demo data as built
    runs = pd.concat(frames, ignore_index=True)
    achievable = achievable_r2().set_index("target")["achievable_r2"]
    runs["r2_gap"] = runs["target"].map(achievable) - runs["r2"]
    runs["selected_share"] = runs["is_selected"].astype(float)
    grouped = runs.groupby(["target", "model", "interval_method"], sort=False)
    summary = grouped.agg(
        mean_test_r2=("r2", "mean"),
        mean_r2_gap=("r2_gap", "mean"),
        coverage=("interval_coverage", "mean"),
        coverage_sd=("interval_coverage", "std"),
        median_width=("interval_width", "median"),
        selected_share=("selected_share", "mean"),
    )
    summary["coverage_mc_se"] = summary.pop("coverage_sd") / np.sqrt(replications)
    elapsed = time.perf_counter() - start
    print(
        f"\n== {replications} replications x {CAMPAIGNS_PER_SCALE['default']:,} campaigns "
        f"({elapsed:.0f} s); achievable R²: "
        + ", ".join(f"{target} {value:.4f}" for target, value in achievable.items())
    )
    print(summary.round(4).reset_index().to_string(index=False))
    selected = runs[runs["is_selected"] & (runs["interval_method"] == "split_conformal")]
    print("\nSelected model per replication, mean over replications:")
    print(
        selected.groupby("target")[["r2", "r2_gap", "interval_coverage", "interval_width"]]
        .mean()
        .round(4)
        .to_string()
    )
    print(f"\nSelected model's {CONFORMAL} coverage by platform:")
    print(pd.concat(by_platform).groupby(level=0).mean().round(4).to_string())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(base_url: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"impactlytics serve exited with {server.returncode}")
        try:
            if httpx.get(base_url + "/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.25)
    sys.exit("impactlytics serve did not become healthy")


async def load(base_url: str, bodies: list[dict], concurrency: int) -> tuple[np.ndarray, float]:
    """Latencies (s) of every request, sent by `concurrency` clients in turn, and the wall time."""
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies: list[float] = []

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as session:
            while not queue.empty():
                body = queue.get_nowait()
                start = time.perf_counter()
                response = await session.post("/api/predict", json=body)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code}: {response.text}")

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return np.array(latencies), time.perf_counter() - start


def bench_latency(warehouse: ScratchWarehouse, n_requests: int) -> None:
    """Part 3: p50 / p99 latency and throughput of /api/predict, 50 concurrent clients."""
    forecasts = warehouse.query("select * from fct_campaign_forecasts")
    rng = np.random.default_rng(SEED)
    rows = forecasts.iloc[rng.integers(0, len(forecasts), n_requests)]
    bodies = [
        {
            "total_spend": float(rng.uniform(500, 50_000)),
            "platform": row.platform,
            "campaign_type": row.campaign_type,
            "content_type": row.content_type,
        }
        for row in rows.itertuples()
    ]
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "impactlytics"),
        "--log-level",
        "WARNING",
        "serve",
        "--port",
        str(port),
        "--db-path",
        str(warehouse.db_path),
    ]
    server = subprocess.Popen(command, env={**os.environ}, stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        wait_healthy(base_url, server)
        print(f"\n== API: server healthy {time.perf_counter() - started:.1f} s after start")
        asyncio.run(load(base_url, bodies[:200], 10))  # warm-up
        single, _ = asyncio.run(load(base_url, bodies[:300], 1))
        latencies, wall = asyncio.run(load(base_url, bodies, CONCURRENCY))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"1 client, 300 requests: p50 {1000 * np.median(single):.1f} ms")
    p50, p99 = np.percentile(latencies, [50, 99]) * 1000
    print(
        f"{CONCURRENCY} concurrent clients, {len(latencies):,} requests: p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, throughput {len(latencies) / wall:.0f} requests/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument(
        "--skip-dbt", action="store_true", help="reuse the bench warehouse already built"
    )
    args = parser.parse_args()
    warehouse = ScratchWarehouse(BENCH_DIR / "data", BENCH_DIR / "campaigns.duckdb")
    build_demo(warehouse, args.skip_dbt)
    if args.replications:
        bench_replications(warehouse, args.replications)
    if args.requests:
        bench_latency(warehouse, args.requests)


if __name__ == "__main__":
    main()
