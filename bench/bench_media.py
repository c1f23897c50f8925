"""Media mix benchmark: accuracy, interval coverage, speed, the optimizer, and PyMC-Marketing.

1. The demo media mix at default scale (104 weeks hourly, five channels, seed 42) through
   `dbt build --selector media_mix` on a scratch warehouse: stage wall time, ROI and half-life
   recovery (fct_recovery_metrics), and the optimizer's allocation scored on the simulator's
   TRUE response against the observed allocation.
2. The fit alone on the same data, in process (median of 3).
3. Replications: the simulator redrawn (seeds 1000, 1001, ...), the model fitted and
   block-bootstrapped with the library the dbt models call (features built in Python as the
   SQL builds them); coverage of the 90% ROI intervals over channel x replication pairs.
4. The same simulator summed into DAILY data (2 years): our fit at day grain against
   PyMC-Marketing's MMM (geometric adstock, logistic saturation, yearly seasonality; 2 chains x
   `--pymc-draws` draws) in its own Python 3.12 venv (build/pymc-venv), ROI MARE and wall time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from impactlytics.media_mix.bootstrap import bootstrap_fits, percentile_interval
from impactlytics.media_mix.effects import channel_summary
from impactlytics.media_mix.inputs import load_media_mixes
from impactlytics.media_mix.model import fit_media_mix
from impactlytics.media_mix.tests.synthetic import daily, simulated_data
from impactlytics.simulate.media_mix import CHANNELS, simulate_media_mix, true_outcome_gain
from impactlytics.simulate.scales import MEDIA_MIX_WEEKS
from impactlytics.simulate.writer import write_media_mix
from impactlytics.testing.dbt_project import ScratchWarehouse

ROOT = Path(__file__).resolve().parents[1]
PYMC_PYTHON = ROOT / "build" / "pymc-venv" / "bin" / "python"
PYTHON_312 = Path("/root/.pyenv/versions/3.12.1/bin/python")


def demo_build(folder: Path, seed: int, reuse: bool) -> ScratchWarehouse:
    warehouse = ScratchWarehouse(folder / "data", folder / "bench.duckdb")
    if reuse and warehouse.db_path.exists():
        print(f"== reusing the default-scale build in {folder}")
        return warehouse
    shutil.rmtree(folder, ignore_errors=True)
    write_media_mix(warehouse.data_dir, seed, "default")
    started = time.perf_counter()
    run = warehouse.dbt("build", "--selector", "media_mix")
    elapsed = time.perf_counter() - started
    if not run.ok:
        raise SystemExit(run.output)
    print(f"== dbt build --selector media_mix, default scale: {elapsed:.1f} s")
    return warehouse


def print_recovery(warehouse: ScratchWarehouse) -> None:
    roi = warehouse.query(
        "select roi.channel, roi.roi, roi.roi_lower, roi.roi_upper, truth.true_roi,"
        " roi.roi / truth.true_roi - 1 as roi_relative_error,"
        " parameters.estimate as half_life_hours, truth.half_life_hours as true_half_life,"
        " parameters.estimate / truth.half_life_hours - 1 as half_life_relative_error"
        " from fct_media_roi as roi"
        " inner join stg_truth__media_channel_effects as truth using (channel)"
        " inner join fct_media_channel_parameters as parameters"
        "  on parameters.channel = roi.channel and parameters.parameter = 'half_life_hours'"
        " order by roi.channel"
    )
    print(roi.round(4).to_string(index=False))
    overall = warehouse.query(
        "select metric, value from int_media_mix_recovery_metrics"
        " where outcome is null order by metric"
    )
    print(overall.round(4).to_string(index=False))
    fit = warehouse.query("select * from fct_media_fit order by stage, candidate, metric")
    print(fit.round(4).to_string(index=False))


def print_optimizer(warehouse: ScratchWarehouse, seed: int) -> None:
    allocation = warehouse.query("select * from fct_budget_allocation order by channel")
    metrics, _, _, truth, overlap_truth = simulate_media_mix(MEDIA_MIX_WEEKS["default"], seed)
    multipliers = dict(
        zip(
            allocation["channel"],
            allocation["optimized_spend"] / allocation["current_spend"],
            strict=True,
        )
    )
    true_gain = true_outcome_gain(metrics, truth, overlap_truth, multipliers)
    media_total = truth["true_contribution"].sum()
    print("== optimizer (same total budget, bounds 0.5-1.5x observed)")
    print(
        allocation[["channel", "current_spend", "optimized_spend"]].round(0).to_string(index=False)
    )
    print(
        f"predicted gain {allocation['expected_gain'].iloc[0]:,.0f} "
        f"[{allocation['expected_gain_lower'].iloc[0]:,.0f}, "
        f"{allocation['expected_gain_upper'].iloc[0]:,.0f}]; TRUE gain on the simulator "
        f"{true_gain:,.0f} outcome units ({100 * true_gain / media_total:.1f}% of the true "
        "summed channel contributions)"
    )


def print_fit_timing(warehouse: ScratchWarehouse) -> None:
    tables = {
        name: warehouse.query(f"select * from {name}")
        for name in (
            "int_media_mixes_declared",
            "int_media_mix_channel_periods",
            "int_media_mix_outcome_periods",
            "int_media_mix_time_features",
            "int_media_mix_overlap_pairs",
        )
    }
    ((_, data),) = load_media_mixes(*tables.values())
    times = []
    for _ in range(3):
        started = time.perf_counter()
        point = fit_media_mix(data)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    bootstrap_fits(data, point, 10, 168, 0)
    per_draw = (time.perf_counter() - started) / 10
    print(
        f"== fit on {data.n_periods} hours x {len(data.channels)} channels: median "
        f"{np.median(times):.2f} s (runs {', '.join(f'{t:.2f}' for t in times)}); "
        f"bootstrap refit {per_draw:.2f} s per draw"
    )


def replications(count: int, draws: int, n_weeks: int) -> None:
    covered, errors, half_life_errors = [], [], []
    started = time.perf_counter()
    for replication in range(count):
        data, truth = simulated_data(n_weeks, seed=1000 + replication)
        point = fit_media_mix(data)
        fits = bootstrap_fits(data, point, draws, 168, replication)
        roi = channel_summary(point, data)["roi"]
        lower, upper = percentile_interval(
            np.array([channel_summary(f, data)["roi"] for f in fits])
        )
        true_roi = truth["true_roi"].to_numpy()
        covered.append((lower <= true_roi) & (true_roi <= upper))
        errors.append(roi / true_roi - 1)
        half_life_errors.append(point.half_life_periods() / truth["half_life_hours"].to_numpy() - 1)
        print(
            f"replication {replication + 1}: cumulative coverage {np.mean(covered):.3f}, "
            f"ROI MARE {np.abs(errors[-1]).mean():.4f}",
            flush=True,
        )
    covered, errors = np.array(covered), np.array(errors)
    coverage = covered.mean()
    mc_error = np.sqrt(coverage * (1 - coverage) / covered.size)
    print(
        f"== {count} replications ({n_weeks} weeks hourly, {draws} bootstrap draws, "
        f"{time.perf_counter() - started:.0f} s): 90% ROI interval coverage {coverage:.3f} "
        f"(MC s.e. {mc_error:.3f}, {covered.size} channel x replication pairs)"
    )
    frame = pd.DataFrame(
        {
            "channel": CHANNELS,
            "coverage": covered.mean(axis=0),
            "median_abs_roi_error": np.median(np.abs(errors), axis=0),
            "mean_roi_error": errors.mean(axis=0),
            "median_abs_half_life_error": np.median(np.abs(np.array(half_life_errors)), axis=0),
        }
    )
    print(frame.round(4).to_string(index=False))
    print(f"median ROI MARE per replication {np.median(np.abs(errors).mean(axis=1)):.4f}")


def pymc_venv() -> Path | None:
    """build/pymc-venv with pymc-marketing, created with Python 3.12 on first use."""
    if not PYMC_PYTHON.exists():
        subprocess.run([str(PYTHON_312), "-m", "venv", str(PYMC_PYTHON.parents[1])], check=True)
        subprocess.run(
            [str(PYMC_PYTHON), "-m", "pip", "install", "--quiet", "pymc-marketing"], check=True
        )
    return PYMC_PYTHON


def daily_comparison(folder: Path, seed: int, pymc_draws: int) -> None:
    data, truth = simulated_data(MEDIA_MIX_WEEKS["default"], seed)
    days = daily(data)
    true_roi = truth["true_roi"].to_numpy()
    started = time.perf_counter()
    ours = channel_summary(fit_media_mix(days), days)["roi"]
    our_seconds = time.perf_counter() - started
    our_mare = np.abs(ours / true_roi - 1).mean()
    ts = pd.DatetimeIndex(days.ts)
    frame = pd.DataFrame(days.spend, columns=list(CHANNELS)).assign(
        date=ts,
        trend=np.arange(len(ts)) / len(ts),
        is_weekend=(ts.day_of_week >= 5).astype(float),
        is_month_start=(ts.day <= 2).astype(float),
        y=days.outcome,
    )
    path = folder / "daily.csv"
    frame.to_csv(path, index=False)
    command = [
        str(pymc_venv()),
        str(ROOT / "bench" / "pymc_mmm.py"),
        str(path),
        ",".join(CHANNELS),
        "trend,is_weekend,is_month_start",
        "2",
        str(pymc_draws),
        str(seed),
    ]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    pymc_wall = time.perf_counter() - started
    print(f"== daily data ({len(ts)} days): ours fit {our_seconds:.2f} s, ROI MARE {our_mare:.4f}")
    if completed.returncode != 0:
        print(f"PyMC-Marketing failed: {completed.stderr[-2000:]}")
        return
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    pymc_roi = np.array([result["roi"][c] for c in CHANNELS])
    pymc_mare = np.abs(pymc_roi / true_roi - 1).mean()
    print(
        f"PyMC-Marketing (2 chains x {pymc_draws} draws): fit {result['seconds']:.1f} s "
        f"(process {pymc_wall:.1f} s), ROI MARE {pymc_mare:.4f}; ours is "
        f"{result['seconds'] / our_seconds:.0f}x faster"
    )
    print(
        pd.DataFrame(
            {"channel": CHANNELS, "true_roi": true_roi, "ours": ours, "pymc_marketing": pymc_roi}
        )
        .round(4)
        .to_string(index=False)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--replication-draws", type=int, default=100)
    parser.add_argument("--replication-weeks", type=int, default=104)
    parser.add_argument("--pymc-draws", type=int, default=500)
    parser.add_argument("--reuse-build", action="store_true", help="keep an earlier build")
    parser.add_argument("--skip", nargs="*", default=[], choices=["build", "replications", "pymc"])
    args = parser.parse_args()
    folder = ROOT / "build" / "bench-media"
    folder.mkdir(parents=True, exist_ok=True)
    if "build" not in args.skip:
        warehouse = demo_build(folder / "warehouse", args.seed, args.reuse_build)
        print_recovery(warehouse)
        print_optimizer(warehouse, args.seed)
        print_fit_timing(warehouse)
    if "replications" not in args.skip:
        replications(args.replications, args.replication_draws, args.replication_weeks)
    if "pymc" not in args.skip:
        daily_comparison(folder, args.seed, args.pymc_draws)


if __name__ == "__main__":
    main()
