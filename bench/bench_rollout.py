"""Rollout benchmark: the demo rollouts at default scale through dbt, and Monte-Carlo accuracy.

Part 1 simulates the default-scale Steamly panel (50,000 users x 26 weeks), runs
`dbt build --selector rollout` (tests included) and prints each estimator's estimate against the
true ATT, the pre-trend tests, the stage's wall time and peak memory, and the SQL-only part of
the build timed in the same run.

Part 2 replicates both rollouts (--replications, default 200, `make bench-rollout` runs 1000;
--users users, default 10,000) through the same library estimators the dbt Python models call,
and prints per estimator the CI coverage of the true ATT with its Monte-Carlo standard error,
mean bias, RMSE, mean SE against the SD of the estimates; the event study's mean bias per event
time in SE units; the pre-trend test's rejection rates on the parallel and the violated
rollout; and CUPED's variance reduction.

    python bench/bench_rollout.py [--replications 200] [--users 10000] [--first-seed 10000]
        [--skip-dbt]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from impactlytics.rollout.estimators import all_effects, cells, event_study
from impactlytics.rollout.inference import cluster_covariance
from impactlytics.rollout.panel import RolloutPanel
from impactlytics.rollout.pretrends import pretrend_wald_test
from impactlytics.rollout.spec import RolloutSpec
from impactlytics.simulate.rollout_panel import N_WEEKS, simulate_rollout_panel
from impactlytics.simulate.writer import write_rollout_panel
from impactlytics.testing.dbt_project import PROJECT_DIR, ScratchWarehouse

BENCH_DIR = PROJECT_DIR / "build" / "bench_rollout"
ROLLOUTS = {  # name: (exposure, outcome)
    "recommender_v2": ("is_exposed", "minutes_watched"),
    "autoplay_previews": ("is_exposed_autoplay", "sessions"),
}
CATEGORICAL = ["segment", "plan", "cohort", "user_type"]


def dbt_stage(warehouse: ScratchWarehouse, *args: str) -> float:
    """Run one dbt build and return its wall seconds; stop the benchmark if it fails."""
    start = time.perf_counter()
    run = warehouse.dbt(*args)
    if not run.ok:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{run.output}")
    return time.perf_counter() - start


def bench_default_scale(seed: int) -> None:
    warehouse = ScratchWarehouse(BENCH_DIR / "data", BENCH_DIR / "bench.duckdb")
    warehouse.db_path.unlink(missing_ok=True)
    start = time.perf_counter()
    write_rollout_panel(warehouse.data_dir, seed=seed, scale="default")
    simulate_seconds = time.perf_counter() - start
    sql_seconds = dbt_stage(
        warehouse,
        "build",
        "--select",
        "+int_rollout_units_cohorted",
        "+int_rollout_outcomes_unpivoted",
        "+int_rollout_covariates_unpivoted",
    )
    build_seconds = dbt_stage(warehouse, "build", "--selector", "rollout")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    effects = warehouse.query(
        """
        select effects.rollout, effects.estimator, effects.estimate, truth.value as true_att,
               effects.estimate - truth.value as bias, effects.std_error,
               effects.ci_lower, effects.ci_upper,
               truth.value between effects.ci_lower and effects.ci_upper as covers,
               effects.n_clusters
        from fct_rollout_effects as effects
        inner join int_rollout_recovery_metrics as truth
            on effects.rollout = truth.analysis and effects.outcome = truth.outcome
            and truth.metric = 'true_att'
        order by effects.rollout, effects.estimator
        """
    )
    pretrends = warehouse.query("select * from fct_pretrend_tests order by rollout")
    event_study_metrics = warehouse.query(
        "select analysis, metric, value from int_rollout_recovery_metrics "
        "where metric like 'event_study_%' order by analysis, metric"
    )
    print("== Default scale: 50,000 users x 26 weeks, seed", seed)
    print(effects.round(4).to_string(index=False))
    print(pretrends.round(4).to_string(index=False))
    print(event_study_metrics.round(4).to_string(index=False))
    print(
        f"\nsimulate: {simulate_seconds:.1f} s"
        f"\nSQL feature tables only (dbt build, tests included): {sql_seconds:.1f} s"
        f"\nwhole rollout stage (dbt build --selector rollout, tests included): "
        f"{build_seconds:.1f} s; peak RSS of the dbt processes {peak_mib:.0f} MiB"
    )


def panel_from_raw(raw: pd.DataFrame, name: str, n_users: int) -> RolloutPanel:
    """The simulated panel of one rollout as the estimators' input (what load_panel builds from
    the SQL feature tables): weeks ordered, users sorted, categoricals one-hot."""
    exposure, outcome = ROLLOUTS[name]
    exposed = raw[exposure].to_numpy().reshape(n_users, N_WEEKS)
    first_rows = raw.iloc[::N_WEEKS]
    features = pd.get_dummies(first_rows[CATEGORICAL], drop_first=True, dtype=float)
    spec = RolloutSpec(
        name,
        "simulated",
        "user_id",
        "week_index",
        exposure,
        (outcome,),
        ("tenure_weeks",),
        tuple(CATEGORICAL),
    )
    return RolloutPanel(
        spec=spec,
        outcome=outcome,
        unit_id=first_rows["user_id"].to_numpy(),
        y=raw[outcome].to_numpy().reshape(n_users, N_WEEKS),
        cohort=np.where(exposed.any(axis=1), exposed.argmax(axis=1) + 1, 0),
        cluster=np.arange(n_users),
        weight=np.ones(n_users),
        X=np.column_stack([first_rows["tenure_weeks"].to_numpy(float), features.to_numpy()]),
        covariate_names=("tenure_weeks", *features.columns),
    )


def true_effects(truth: pd.DataFrame, name: str) -> tuple[float, pd.Series]:
    """True ATT over exposed unit-periods and true event-time effects, cohort-size weighted."""
    cells_ = truth[truth["rollout_name"] == name].assign(
        weighted=lambda frame: frame["n_units"] * frame["true_effect"]
    )
    post = cells_[cells_["event_time"] >= 0]
    by_event = cells_.groupby("event_time")[["weighted", "n_units"]].sum()
    return post["weighted"].sum() / post["n_units"].sum(), by_event["weighted"] / by_event[
        "n_units"
    ]


def replicate(seed: int, n_users: int) -> tuple[list[dict], list[dict]]:
    """One replication: effect rows and event-study rows of both rollouts."""
    raw, truth = simulate_rollout_panel(n_users, seed)
    effect_rows, event_rows = [], []
    for name in ROLLOUTS:
        panel = panel_from_raw(raw, name, n_users)
        true_att, true_event = true_effects(truth, name)
        for effect in all_effects(panel):
            effect_rows.append(
                {"rollout": name, "true_att": true_att, "seed": seed, **effect.to_dict()}
            )
        study = event_study(panel, cells(panel, "callaway_santanna", post_only=False))
        se = np.sqrt(np.diag(cluster_covariance(study.influence, panel.cluster)))
        test = pretrend_wald_test(study, panel.cluster)
        for e, estimate, std_error in zip(study.event_times, study.estimates, se, strict=True):
            event_rows.append(
                {
                    "rollout": name,
                    "event_time": int(e),
                    "bias": estimate - true_event[e],
                    "std_error": std_error,
                    "pretrend_rejected": test.p_value < 0.05,
                    "seed": seed,
                }
            )
    return effect_rows, event_rows


def summarize(effects: pd.DataFrame, events: pd.DataFrame) -> None:
    effects = effects.assign(
        bias=effects["estimate"] - effects["true_att"],
        covers=(effects["ci_lower"] <= effects["true_att"])
        & (effects["true_att"] <= effects["ci_upper"]),
    )
    n = effects["seed"].nunique()
    table = effects.groupby(["rollout", "estimator"]).agg(
        true_att=("true_att", "mean"),
        coverage=("covers", "mean"),
        mean_bias=("bias", "mean"),
        rmse=("bias", lambda b: float(np.sqrt(np.mean(b**2)))),
        mean_se=("std_error", "mean"),
        sd_estimate=("estimate", "std"),
    )
    table.insert(2, "coverage_mc_se", np.sqrt(table["coverage"] * (1 - table["coverage"]) / n))
    print(f"\n== {n} replications")
    print(table.round(4).to_string())

    event = events.groupby(["rollout", "event_time"]).agg(
        mean_bias=("bias", "mean"), sd=("bias", "std"), mean_se=("std_error", "mean")
    )
    event["bias_in_se"] = event["mean_bias"] / event["mean_se"]
    good = event.loc["recommender_v2"]
    se_ratio = np.mean(good["mean_se"] / good["sd"])
    print(
        "\nevent study (recommender_v2, callaway_santanna): mean |bias| / SE over "
        f"{len(good)} event times {good['bias_in_se'].abs().mean():.3f}, max "
        f"{good['bias_in_se'].abs().max():.3f} (Monte-Carlo noise of one ratio: "
        f"{1 / np.sqrt(n):.3f}); mean SE / SD of estimates {se_ratio:.3f}"
    )
    print(good.round(4).to_string())
    rejected = events.groupby(["rollout", "seed"])["pretrend_rejected"].first()
    rates = rejected.groupby("rollout").mean()
    print(
        "\npre-trend Wald test rejection rate at 5%: parallel trends (recommender_v2) "
        f"{rates['recommender_v2']:.3f}, violated (autoplay_previews) "
        f"{rates['autoplay_previews']:.3f}"
    )
    sd = effects.groupby(["rollout", "estimator"])["estimate"].std()
    mean_se = effects.groupby(["rollout", "estimator"])["std_error"].mean()
    for rollout in ROLLOUTS:
        empirical = 1 - (sd[(rollout, "cuped")] / sd[(rollout, "difference_in_means")]) ** 2
        reported = (
            1 - (mean_se[(rollout, "cuped")] / mean_se[(rollout, "difference_in_means")]) ** 2
        )
        print(
            f"CUPED variance reduction over the difference in means, {rollout}: "
            f"{empirical:.3f} across replications, {reported:.3f} from the mean SEs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--first-seed", type=int, default=10_000, help="seed of the first replication"
    )
    parser.add_argument("--skip-dbt", action="store_true")
    args = parser.parse_args()
    if not args.skip_dbt:
        bench_default_scale(args.seed)
    start = time.perf_counter()
    effect_rows, event_rows = [], []
    for k in range(args.replications):
        effects, events = replicate(args.first_seed + k, args.users)
        effect_rows += effects
        event_rows += events
    summarize(pd.DataFrame(effect_rows), pd.DataFrame(event_rows))
    print(
        f"\n{args.replications} replications x {args.users} users: "
        f"{time.perf_counter() - start:.0f} s wall on one worker"
    )


if __name__ == "__main__":
    main()
