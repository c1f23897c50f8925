"""Causal benchmark: the demo study at default scale through dbt, and CI coverage over replications.

Part 1 simulates the default-scale demo data, runs `dbt build` for the causal domain and prints
each estimator's estimate, bias against the true ATE and CI, with the build's wall time and peak
memory. The baseline, timed in the same run, is the SQL-only part of the build (staging and the
long feature tables), so the Python fitting cost reads as a ratio.

Part 2 replicates the study at small scale (--replications, default 100) through the same library
code the dbt Python models call, and prints every estimator's CI coverage of the population ATE
with its Monte-Carlo standard error, mean bias, RMSE, and mean SE against the SD of the estimates.

    python bench/bench_causal.py [--replications 100] [--n-videos 5000] [--skip-dbt]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from impactlytics.causal.spec import StudySpec
from impactlytics.causal.study_data import load_study_data
from impactlytics.causal.tables import study_propensity_scores, study_treatment_effects
from impactlytics.simulate import (
    COVARIATES,
    population_ate,
    simulate_video_experiments,
    write_video_experiments,
)
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench"
OUTCOME = "log_views"
NUMERIC_COVARIATES = tuple(column for column in COVARIATES if column != "category")
SPEC = StudySpec(
    name="caption_sentiment",
    data="simulated",
    unit="video_id",
    treatment="has_sentiment_caption",
    outcomes=(OUTCOME,),
    covariates=NUMERIC_COVARIATES,
    categorical=("category",),
)


def timed_dbt(warehouse: ScratchWarehouse, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one dbt subprocess; fails loudly if dbt fails."""
    start = time.perf_counter()
    run = warehouse.dbt(*args)
    elapsed = time.perf_counter() - start
    if not run.ok:
        sys.exit(f"dbt {' '.join(args)} failed:\n{run.output}")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mib


def bench_default_scale(seed: int) -> None:
    warehouse = ScratchWarehouse(BENCH_DIR / "data", BENCH_DIR / "bench.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    write_video_experiments(warehouse.data_dir, seed=seed, scale="default")
    sql_seconds, _ = timed_dbt(
        warehouse,
        "build",
        "--select",
        "+int_study_covariates_unpivoted",
        "+int_study_outcomes_unpivoted",
    )
    build_seconds, peak_mib = timed_dbt(warehouse, "build", "--selector", "causal")
    effects = warehouse.query(
        """
        select effects.outcome, effects.estimator, effects.estimate, truth.value as true_ate,
               effects.estimate - truth.value as bias, effects.std_error,
               effects.ci_lower, effects.ci_upper,
               truth.value between effects.ci_lower and effects.ci_upper as covers
        from fct_treatment_effects as effects
        inner join fct_recovery_metrics as truth
            on effects.study = truth.analysis and effects.outcome = truth.outcome
            and truth.metric = 'true_ate'
        order by effects.outcome, effects.estimator
        """
    )
    n_units = warehouse.query("select count(*) as n from fct_propensity_scores")["n"].iloc[0]
    print(f"== Default scale: {n_units} videos, seed {seed}")
    print(effects.round(4).to_string(index=False))
    print(
        f"\nbaseline (SQL feature tables only): {sql_seconds:.1f} s"
        f"\ncausal build (dbt build --selector causal, tests included): {build_seconds:.1f} s"
        f" = {build_seconds / sql_seconds:.1f} x baseline; peak RSS {peak_mib:.0f} MiB"
    )


def long_frames(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The simulated rows in the long shape the dbt intermediate models produce."""
    ids = raw["video_id"].astype(str)
    units = pd.DataFrame(
        {
            "study_name": SPEC.name,
            "unit_id": ids,
            "treatment_value": raw[SPEC.treatment].astype(str),
        }
    )
    numeric = raw[list(NUMERIC_COVARIATES)].astype(float).assign(unit_id=ids)
    numeric = numeric.melt(
        id_vars="unit_id", var_name="covariate_name", value_name="covariate_value"
    )
    numeric = numeric.assign(source_column=numeric["covariate_name"], is_one_hot=False)
    dummies = pd.get_dummies(raw["category"], prefix="category", prefix_sep="=", dtype=float)
    one_hot = dummies.assign(unit_id=ids).melt(
        id_vars="unit_id", var_name="covariate_name", value_name="covariate_value"
    )
    one_hot = one_hot.assign(source_column="category", is_one_hot=True)
    covariates = pd.concat([numeric, one_hot], ignore_index=True).assign(study_name=SPEC.name)
    outcomes = pd.DataFrame(
        {
            "study_name": SPEC.name,
            "unit_id": ids,
            "outcome_name": OUTCOME,
            "outcome_value": raw[OUTCOME],
        }
    )
    return units, covariates, outcomes


def one_replication(n_videos: int, seed: int) -> pd.DataFrame:
    start = time.perf_counter()
    raw, _ = simulate_video_experiments(n_videos, seed)
    units, covariates, outcomes = long_frames(raw)
    data = load_study_data(SPEC, units, covariates)
    propensity = study_propensity_scores(data, random_state=seed)
    rows = study_treatment_effects(data, propensity, outcomes, random_state=seed)
    return pd.DataFrame(rows).assign(replication=seed, seconds=time.perf_counter() - start)


def bench_coverage(replications: int, n_videos: int) -> None:
    truth = population_ate(OUTCOME)
    start = time.perf_counter()
    results = Parallel(n_jobs=2)(
        delayed(one_replication)(n_videos, 10_000 + r) for r in range(replications)
    )
    seconds = time.perf_counter() - start
    table = pd.concat(results, ignore_index=True)
    table["covers"] = (table["ci_lower"] <= truth) & (truth <= table["ci_upper"])
    table["error"] = table["estimate"] - truth
    summary = table.groupby("estimator", sort=False).agg(
        coverage=("covers", "mean"),
        mean_bias=("error", "mean"),
        rmse=("error", lambda e: float(np.sqrt(np.mean(e**2)))),
        mean_se=("std_error", "mean"),
        sd_estimate=("estimate", "std"),
    )
    summary["coverage_mc_se"] = np.sqrt(
        summary["coverage"] * (1 - summary["coverage"]) / replications
    )
    per_replication = table.groupby("replication")["seconds"].first()
    print(
        f"\n== Coverage of the population ATE of {OUTCOME} ({truth:.4f}): "
        f"{replications} replications of {n_videos} videos, nominal 95%"
    )
    print(summary.round(4).to_string())
    print(
        f"\n{seconds:.0f} s wall in all (2 workers); median {per_replication.median():.1f} s "
        "per replication"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--n-videos", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-dbt", action="store_true", help="only the coverage study")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not args.skip_dbt:
        bench_default_scale(args.seed)
    bench_coverage(args.replications, args.n_videos)


if __name__ == "__main__":
    main()
