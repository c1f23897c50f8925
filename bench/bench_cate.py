"""CATE benchmark: IHDP surface B through the dbt study engine against econml, GATES coverage
over replications of the demo data, and the CATE stage's cost at default demo scale.

Part 1 (`ihdp`) draws IHDP response surface B as econml ships it (`ihdp_surface_B`, data inside
the econml package; the constant intercept column left out, so 25 covariates) for each seed,
writes each draw to a CSV file and declares one study per file (`--vars`, `trim: 0`, so every
unit is kept), then runs `dbt run` once over all of them as a user would. It prints each
learner's within-sample √PEHE and the absolute error of its CATE average against the true ATE,
beside econml's CausalForestDML(discrete_treatment=True, random_state=0) and
DRLearner(random_state=0), otherwise default settings, on the same draws (mean and median).

Part 2 (`gates`) replicates the video study (log_views) at small demo scale through the same
library code the dbt Python models call and prints how often the GATES 95% intervals cover their
group's true mean effect, with the Monte-Carlo standard error over replications.

Part 3 (`default`) simulates the causal demo at default scale, builds the inputs of the CATE
stage, then times `dbt run --select study_cate_unit_effects` alone (wall time and peak RSS),
and the refutation and sensitivity models the same way.

    python bench/bench_cate.py [--parts ihdp,gates,default] [--ihdp-seeds 20] [--replications 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

import numpy as np
import pandas as pd
from bench_causal import long_frames  # bench/ is on sys.path when run as a script
from econml.data.dgps import ihdp_surface_B
from econml.dml import CausalForestDML
from econml.dr import DRLearner
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from impactlytics.causal.cate.tables import cate_segments_table, study_cate_unit_effects
from impactlytics.causal.spec import StudySpec
from impactlytics.causal.study_data import load_study_data
from impactlytics.causal.tables import study_propensity_scores
from impactlytics.dbt_invocation import dbt_command, dbt_env
from impactlytics.simulate import video_experiments, write_domains
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench_cate"
IHDP_COVARIATES = [f"x{j}" for j in range(1, 26)]


def sqrt_pehe(estimate: np.ndarray, truth: np.ndarray) -> float:
    return float(np.sqrt(np.mean((estimate - truth) ** 2)))


def ihdp_draw(seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """One IHDP surface B draw as a study file's rows, and its true unit effects."""
    y, t, x, true_effect = ihdp_surface_B(random_state=seed)
    frame = pd.DataFrame(x[:, 1:], columns=IHDP_COVARIATES)  # column 0 is econml's intercept
    frame.insert(0, "unit_id", [f"u{i:04d}" for i in range(len(y))])
    frame["treated"] = t.astype(int)
    frame["y"] = y
    return frame, true_effect


def econml_baselines(frame: pd.DataFrame, truth: np.ndarray) -> dict[str, np.ndarray]:
    x, t, y = frame[IHDP_COVARIATES].to_numpy(), frame["treated"].to_numpy(), frame["y"].to_numpy()
    forest = CausalForestDML(discrete_treatment=True, random_state=0).fit(y, t, X=x)
    dr = DRLearner(random_state=0).fit(y, t, X=x)
    return {"econml_causal_forest_dml": forest.effect(x), "econml_dr_learner": dr.effect(x)}


def bench_ihdp(n_seeds: int) -> None:
    warehouse = ScratchWarehouse(BENCH_DIR / "ihdp", BENCH_DIR / "ihdp.duckdb")
    warehouse.data_dir.mkdir(parents=True, exist_ok=True)
    warehouse.db_path.unlink(missing_ok=True)
    studies, truths, baselines = [], {}, []
    for seed in range(n_seeds):
        frame, truth = ihdp_draw(seed)
        path = warehouse.data_dir / f"ihdp_b_{seed:02d}.csv"
        frame.to_csv(path, index=False)
        name = f"ihdp_b_{seed:02d}"
        studies.append(
            {
                "name": name,
                "data": str(path),
                "unit": "unit_id",
                "treatment": "treated",
                "outcomes": ["y"],
                "covariates": IHDP_COVARIATES,
                "trim": 0,
            }
        )
        truths[name] = pd.DataFrame({"unit_id": frame["unit_id"], "true_effect": truth})
        start = time.perf_counter()
        with threadpool_limits(limits=1):
            for learner, effect in econml_baselines(frame, truth).items():
                baselines.append((name, learner, effect, time.perf_counter() - start))
    start = time.perf_counter()
    run = warehouse.dbt("run", "--select", "+study_cate_unit_effects", vars_={"studies": studies})
    seconds = time.perf_counter() - start
    if not run.ok:
        raise SystemExit(f"dbt failed:\n{run.output}")
    effects = warehouse.query(
        "select study_name, learner, is_selected, unit_id, cate from study_cate_unit_effects"
    )
    rows = []
    for (study, learner, selected), group in effects.groupby(
        ["study_name", "learner", "is_selected"]
    ):
        truth = truths[study].merge(group, on="unit_id")
        names = [learner, "selected"] if selected else [learner]
        for label in names:
            rows.append(
                {
                    "study": study,
                    "learner": label,
                    "chosen": learner,
                    "sqrt_pehe": sqrt_pehe(truth["cate"], truth["true_effect"]),
                    "ate_abs_error": abs(truth["cate"].mean() - truth["true_effect"].mean()),
                }
            )
    for study, learner, effect, _ in baselines:
        truth = truths[study]["true_effect"].to_numpy()
        rows.append(
            {
                "study": study,
                "learner": learner,
                "chosen": learner,
                "sqrt_pehe": sqrt_pehe(effect, truth),
                "ate_abs_error": abs(effect.mean() - truth.mean()),
            }
        )
    table = pd.DataFrame(rows)
    summary = table.groupby("learner").agg(
        mean_sqrt_pehe=("sqrt_pehe", "mean"),
        median_sqrt_pehe=("sqrt_pehe", "median"),
        mean_ate_abs_error=("ate_abs_error", "mean"),
        median_ate_abs_error=("ate_abs_error", "median"),
        n_seeds=("study", "nunique"),
    )
    print(f"== IHDP surface B, seeds 0-{n_seeds - 1}, 747 units, 25 covariates, within sample")
    print(summary.sort_values("mean_sqrt_pehe").round(3).to_string())
    chosen = table[table["learner"] == "selected"]["chosen"].value_counts()
    print(f"\nselected learner per seed: {chosen.to_dict()}")
    selected = summary.loc["selected"]
    forest = summary.loc["econml_causal_forest_dml"]
    print(
        f"targets: selected mean √PEHE {selected['mean_sqrt_pehe']:.3f} (≤ 0.9), "
        f"ratio to CausalForestDML {selected['mean_sqrt_pehe'] / forest['mean_sqrt_pehe']:.3f}"
        f" (≤ 0.5), mean |ATE error| {selected['mean_ate_abs_error']:.3f} (≤ 0.25)"
        f"\ndbt run over {n_seeds} studies: {seconds:.0f} s; econml baselines "
        f"{sum(b[3] for b in baselines) / n_seeds:.1f} s per seed"
    )


GATES_SPEC = StudySpec(
    name="caption_sentiment",
    data="simulated",
    unit="video_id",
    treatment=video_experiments.TREATMENT,
    outcomes=("log_views",),
    covariates=tuple(c for c in video_experiments.COVARIATES if c != "category"),
    categorical=("category",),
)


def gates_replication(seed: int, n_videos: int) -> pd.DataFrame:
    """GATES intervals of one simulated study and each group's true mean effect."""
    with threadpool_limits(limits=1):
        raw, truth = video_experiments.simulate_video_experiments(n_videos, seed)
        units, covariates, outcomes = long_frames(raw, GATES_SPEC)
        data = load_study_data(GATES_SPEC, units, covariates)
        propensity = study_propensity_scores(data, random_state=seed)
        frames = study_cate_unit_effects(data, propensity, outcomes, random_state=seed)
    unit_effects = pd.concat(frames, ignore_index=True)
    segments = cate_segments_table(unit_effects).query("segment_type == 'gates'")
    tau = pd.Series(truth["tau_log_views"].to_numpy(), index=raw["video_id"].astype(str))
    grouped = unit_effects[unit_effects["gates_group"].notna()]
    true_means = (
        grouped.assign(tau=tau.reindex(grouped["unit_id"]).to_numpy())
        .groupby("gates_group")["tau"]
        .mean()
    )
    segments = segments.assign(
        true_effect=[true_means[int(s[1:])] for s in segments["segment"]], replication=seed
    )
    segments["covers"] = segments["ci_lower"].le(segments["true_effect"]) & segments["ci_upper"].ge(
        segments["true_effect"]
    )
    return segments


def bench_gates(replications: int, n_videos: int) -> None:
    start = time.perf_counter()
    results = Parallel(n_jobs=2)(
        delayed(gates_replication)(20_000 + r, n_videos) for r in range(replications)
    )
    seconds = time.perf_counter() - start
    table = pd.concat(results, ignore_index=True)
    per_replication = table.groupby("replication")["covers"].mean()
    coverage = float(table["covers"].mean())
    mc_se = float(per_replication.std(ddof=1) / np.sqrt(replications))
    by_group = table.groupby("segment")["covers"].mean()
    print(
        f"\n== GATES coverage: {replications} replications of {n_videos} videos (log_views), "
        f"{len(table)} intervals, nominal 95%\ncoverage {coverage:.4f} (MC s.e. {mc_se:.4f}, "
        f"clustered by replication); by group {by_group.round(3).to_dict()}"
        f"\nselected learners: {table.groupby('replication')['learner'].first().value_counts()}"
        f"\n{seconds:.0f} s wall on 2 workers"
    )


def timed_run(warehouse: ScratchWarehouse, *models: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (GiB) of one `dbt run --select
    <models>` process alone. The fits run on one thread, so on a shared machine the CPU
    seconds are close to what the wall time would be on a quiet one."""
    env = dbt_env(warehouse.db_path, data_dir=str(warehouse.data_dir))
    start = time.perf_counter()
    process = subprocess.Popen(
        dbt_command("run", "--select", *models),
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"dbt run --select {' '.join(models)} failed")
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024**2


def bench_default_scale(seed: int) -> None:
    """Wall time and peak RSS of the CATE stage, and of the refutations and sensitivity, each
    run alone at default demo scale."""
    warehouse = ScratchWarehouse(BENCH_DIR / "default", BENCH_DIR / "default.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    write_domains(warehouse.data_dir, seed=seed, scale="default", domains=["causal"])
    upstream = warehouse.dbt(
        "run", "--select", "+study_propensity_scores", "+int_study_outcomes_unpivoted"
    )
    if not upstream.ok:
        raise SystemExit(f"dbt failed:\n{upstream.output}")
    print(f"\n== Default scale (seed {seed}: 100,000 videos x 3 outcomes, 50,000 people)")
    totals = np.zeros(2)
    for models in (("study_cate_unit_effects",), ("study_refutations", "study_sensitivity")):
        load = os.getloadavg()[0]
        seconds, cpu, peak = timed_run(warehouse, *models)
        totals += seconds, cpu
        print(
            f"{' + '.join(models)}: {seconds:.0f} s wall, {cpu:.0f} s CPU, peak RSS {peak:.2f} GiB"
            f" (1-min load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)"
        )
    print(f"whole CATE stage: {totals[0]:.0f} s wall, {totals[1]:.0f} s CPU (target ≤ 300 s)")
    metrics = warehouse.query(
        "select study_name, outcome_name, learner, is_selected, count(*) as n_units"
        " from study_cate_unit_effects where is_selected group by all"
    )
    print(metrics.to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="ihdp,gates,default")
    parser.add_argument("--ihdp-seeds", type=int, default=20)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--gates-videos", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    parts = args.parts.split(",")
    if "ihdp" in parts:
        bench_ihdp(args.ihdp_seeds)
    if "gates" in parts:
        bench_gates(args.replications, args.gates_videos)
    if "default" in parts:
        bench_default_scale(args.seed)


if __name__ == "__main__":
    main()
