"""Causal benchmark: the demo study at default scale through dbt, and CI coverage over replications.

Part 1 simulates the default-scale demo data (the ATE video study and the ATT job-training
study), runs `dbt build` for the causal domain and prints each estimator's estimate, bias against
the true effect and CI, with the build's wall time and peak memory. The baseline, timed in the
same run, is the SQL-only part of the build (staging and the long feature tables), so the Python
fitting cost reads as a ratio. The build is then repeated beside a CPU-bound process, and its
time reads as a ratio to the quiet build.

Part 2 replicates each study at small scale (--replications, default 100) through the same
library code the dbt Python models call, and prints every estimator's CI coverage of the
population effect with its Monte-Carlo standard error, mean bias (also over the SD of the
estimates), RMSE, and mean SE against the SD of the estimates.

    python bench/bench_causal.py [--replications 100] [--scenarios a,b] [--skip-dbt]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from impactlytics.causal.spec import StudySpec
from impactlytics.causal.study_data import load_study_data
from impactlytics.causal.tables import study_propensity_scores, study_treatment_effects
from impactlytics.simulate import job_training, video_experiments, write_domains
from impactlytics.simulate.scales import JOB_TRAINING_PEOPLE
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench"


def timed_dbt(warehouse: ScratchWarehouse, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one dbt subprocess; fails loudly if dbt fails."""
    start = time.perf_counter()
    run = warehouse.dbt(*args)
    elapsed = time.perf_counter() - start
    if not run.ok:
        sys.exit(f"dbt {' '.join(args)} failed:\n{run.output}")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mib


def spin() -> None:
    """A CPU-bound loop: the other process on a busy machine."""
    while True:
        pass


def timed_under_load(warehouse: ScratchWarehouse, *args: str) -> float:
    """Wall seconds of one dbt run while a CPU-bound process holds a core."""
    hog = multiprocessing.Process(target=spin, daemon=True)
    hog.start()
    try:
        return timed_dbt(warehouse, *args)[0]
    finally:
        hog.terminate()
        hog.join()


def bench_default_scale(seed: int) -> None:
    warehouse = ScratchWarehouse(BENCH_DIR / "data", BENCH_DIR / "bench.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    write_domains(warehouse.data_dir, seed=seed, scale="default", domains=["causal"])
    sql_seconds, _ = timed_dbt(
        warehouse,
        "build",
        "--select",
        "+int_study_covariates_unpivoted",
        "+int_study_outcomes_unpivoted",
    )
    build_seconds, peak_mib = timed_dbt(warehouse, "build", "--selector", "causal")
    loaded_seconds = timed_under_load(warehouse, "build", "--selector", "causal")
    effects = warehouse.query(
        """
        select effects.study, effects.outcome, effects.estimator, effects.estimand,
               effects.estimate, truth.value as truth,
               effects.estimate - truth.value as bias, effects.std_error,
               effects.ci_lower, effects.ci_upper,
               truth.value between effects.ci_lower and effects.ci_upper as covers
        from fct_treatment_effects as effects
        inner join int_causal_recovery_metrics as truth
            on effects.study = truth.analysis and effects.outcome = truth.outcome
            and truth.metric in ('true_ate', 'true_att')
        order by effects.study, effects.outcome, effects.estimator
        """
    )
    overlap = warehouse.query(
        "select study, arm, trim_rule, n_units, n_trimmed, target_population "
        "from fct_propensity_overlap order by study, arm"
    )
    print(f"== Default scale, seed {seed}: both demo studies")
    print(overlap.to_string(index=False))
    print(effects.round(4).to_string(index=False))
    print(
        f"\nbaseline (SQL feature tables only): {sql_seconds:.1f} s"
        f"\ncausal build (dbt build --selector causal, tests included): {build_seconds:.1f} s"
        f" = {build_seconds / sql_seconds:.1f} x baseline; peak RSS {peak_mib:.0f} MiB"
        f"\nthe same build beside a CPU-bound process: {loaded_seconds:.1f} s"
        f" = {loaded_seconds / build_seconds:.2f} x the quiet build"
    )


@dataclass(frozen=True)
class Scenario:
    """A simulated study replicated for coverage: its spec, simulator and population truth."""

    spec: StudySpec
    simulate: Callable[[int, int], tuple[pd.DataFrame, pd.DataFrame]]
    population_truth: Callable[[], float]
    n_units: int


def long_frames(
    raw: pd.DataFrame, spec: StudySpec
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The simulated rows in the long shape the dbt intermediate models produce."""
    ids = raw[spec.unit].astype(str)
    units = pd.DataFrame(
        {
            "study_name": spec.name,
            "unit_id": ids,
            "treatment_value": raw[spec.treatment].astype(str),
        }
    )
    numeric = raw[list(spec.covariates)].astype(float).assign(unit_id=ids)
    numeric = numeric.melt(
        id_vars="unit_id", var_name="covariate_name", value_name="covariate_value"
    )
    numeric = numeric.assign(source_column=numeric["covariate_name"], is_one_hot=False)
    parts = [numeric]
    for column in spec.categorical:
        dummies = pd.get_dummies(raw[column], prefix=column, prefix_sep="=", dtype=float)
        one_hot = dummies.assign(unit_id=ids).melt(
            id_vars="unit_id", var_name="covariate_name", value_name="covariate_value"
        )
        parts.append(one_hot.assign(source_column=column, is_one_hot=True))
    covariates = pd.concat(parts, ignore_index=True).assign(study_name=spec.name)
    outcomes = pd.concat(
        [
            pd.DataFrame(
                {
                    "study_name": spec.name,
                    "unit_id": ids,
                    "outcome_name": outcome,
                    "outcome_value": raw[outcome],
                }
            )
            for outcome in spec.outcomes
        ],
        ignore_index=True,
    )
    return units, covariates, outcomes


def one_replication(scenario: Scenario, seed: int) -> pd.DataFrame:
    """Every estimator on one simulated sample, with the sample's own true effect (tau averaged
    over the estimand's population among the units kept after trimming)."""
    start = time.perf_counter()
    spec = scenario.spec
    raw, truth = scenario.simulate(scenario.n_units, seed)
    units, covariates, outcomes = long_frames(raw, spec)
    data = load_study_data(spec, units, covariates)
    propensity = study_propensity_scores(data, random_state=seed)
    rows = study_treatment_effects(data, propensity, outcomes, random_state=seed)
    kept = ~propensity["is_trimmed"].to_numpy()
    if spec.estimand == "ATT":
        kept &= propensity["treatment"].to_numpy() == 1
    outcome = spec.outcomes[0]
    sample_truth = float(truth[f"tau_{outcome}"].to_numpy()[kept].mean())
    return (
        pd.DataFrame(rows)
        .query("outcome_name == @outcome")
        .assign(
            replication=seed,
            sample_truth=sample_truth,
            n_treated_trimmed=int(((propensity["treatment"] == 1) & ~kept).sum()),
            seconds=time.perf_counter() - start,
        )
    )


def bench_coverage(scenario: Scenario, replications: int) -> None:
    spec = scenario.spec
    truth = scenario.population_truth()
    start = time.perf_counter()
    results = Parallel(n_jobs=2)(
        delayed(one_replication)(scenario, 10_000 + r) for r in range(replications)
    )
    seconds = time.perf_counter() - start
    table = pd.concat(results, ignore_index=True)
    table["covers"] = (table["ci_lower"] <= truth) & (truth <= table["ci_upper"])
    table["covers_sample"] = (table["ci_lower"] <= table["sample_truth"]) & (
        table["sample_truth"] <= table["ci_upper"]
    )
    table["error"] = table["estimate"] - truth
    summary = table.groupby("estimator", sort=False).agg(
        coverage=("covers", "mean"),
        coverage_sample=("covers_sample", "mean"),
        mean_bias=("error", "mean"),
        rmse=("error", lambda e: float(np.sqrt(np.mean(e**2)))),
        mean_se=("std_error", "mean"),
        sd_estimate=("estimate", "std"),
    )
    summary["bias_over_sd"] = summary["mean_bias"] / summary["sd_estimate"]
    summary["coverage_mc_se"] = np.sqrt(
        summary["coverage"] * (1 - summary["coverage"]) / replications
    )
    per_replication = table.groupby("replication")["seconds"].first()
    treated_trimmed = table.groupby("replication")["n_treated_trimmed"].first()
    print(
        f"\n== {spec.name}: coverage of the population {spec.estimand} of {spec.outcomes[0]} "
        f"({truth:.4f}); {replications} replications of {scenario.n_units} units, nominal 95%"
        "\n   (coverage_sample: of the sample's own effect over the kept population)"
    )
    print(summary.round(4).to_string())
    print(
        f"\n{seconds:.0f} s wall in all (2 workers); median {per_replication.median():.1f} s "
        f"per replication; treated units trimmed per replication: median "
        f"{treated_trimmed.median():.0f}, max {treated_trimmed.max()}"
    )


SCENARIOS: dict[str, Scenario] = {
    "caption_sentiment": Scenario(
        spec=StudySpec(
            name="caption_sentiment",
            data="simulated",
            unit="video_id",
            treatment="has_sentiment_caption",
            outcomes=("log_views",),
            covariates=tuple(c for c in video_experiments.COVARIATES if c != "category"),
            categorical=("category",),
        ),
        simulate=video_experiments.simulate_video_experiments,
        population_truth=lambda: video_experiments.population_ate("log_views"),
        n_units=5_000,
    ),
    "job_training": Scenario(
        spec=StudySpec(
            name="job_training",
            data="simulated",
            unit="person_id",
            treatment=job_training.TREATMENT,
            outcomes=(job_training.OUTCOME,),
            covariates=job_training.COVARIATES,
            estimand="ATT",
        ),
        simulate=job_training.simulate_job_training,
        population_truth=job_training.population_att,
        n_units=JOB_TRAINING_PEOPLE["small"],
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma-separated coverage scenarios"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-dbt", action="store_true", help="only the coverage study")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not args.skip_dbt:
        bench_default_scale(args.seed)
    for name in args.scenarios.split(","):
        bench_coverage(SCENARIOS[name], args.replications)


if __name__ == "__main__":
    main()
