"""A short text summary of the headline marts, printed at the end of `make demo`."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

DB_PATH_ENV = "IMPACTLYTICS_DB_PATH"

SECTIONS = {
    "Treatment effects (fct_treatment_effects)": """
        select study, outcome, estimand, estimator,
               round(estimate, 4) as estimate, round(std_error, 4) as std_error,
               round(ci_lower, 4) as ci_lower, round(ci_upper, 4) as ci_upper,
               round(p_value, 4) as p_value, n_treated, n_control, n_dropped_null_outcome
        from fct_treatment_effects
        order by study, outcome, estimator
    """,
    "Covariate balance (fct_covariate_balance)": """
        select study, count(*) as n_covariates,
               round(max(smd_unweighted), 3) as max_smd_unweighted,
               round(max(smd_weighted), 3) as max_smd_weighted,
               count(*) filter (where is_balanced) as n_balanced
        from fct_covariate_balance
        group by study
        order by study
    """,
    "Overlap (fct_propensity_overlap)": """
        select study, arm, estimand, trim_rule, propensity_model, n_units, n_trimmed,
               round(propensity_min, 3) as propensity_min,
               round(propensity_max, 3) as propensity_max,
               round(effective_sample_size) as effective_sample_size
        from fct_propensity_overlap
        order by study, arm
    """,
    "Causal recovery of the simulated truth (fct_recovery_metrics)": """
        select analysis, outcome,
               round(max(value) filter (where metric like 'true_%'), 4) as true_effect
        from fct_recovery_metrics
        where domain = 'causal'
        group by analysis, outcome
        order by analysis, outcome
    """,
    "Causal bias and CI coverage by estimator (fct_recovery_metrics)": """
        select analysis, estimator,
               round(avg(value) filter (where metric = 'bias'), 4) as mean_bias,
               round(avg(value) filter (where metric = 'ci_covers_truth'), 2) as share_covered
        from fct_recovery_metrics
        where domain = 'causal' and estimator is not null
        group by analysis, estimator
        order by analysis, estimator
    """,
    "Causal refutations and sensitivity (fct_refutations, fct_sensitivity)": """
        select sensitivity.study, sensitivity.outcome,
               count(*) filter (where refutations.passed) as refuters_passed,
               count(refutations.refuter) as refuters,
               round(any_value(sensitivity.robustness_value), 4) as robustness_value,
               round(any_value(sensitivity.robustness_value_alpha), 4) as rv_alpha_05,
               round(any_value(sensitivity.e_value), 3) as e_value
        from fct_sensitivity as sensitivity
        left join fct_refutations as refutations
            on sensitivity.study = refutations.study and sensitivity.outcome = refutations.outcome
        group by sensitivity.study, sensitivity.outcome
        order by sensitivity.study, sensitivity.outcome
    """,
    "Rollout effects (fct_rollout_effects)": """
        select rollout, outcome, estimator,
               round(estimate, 4) as estimate, round(std_error, 4) as std_error,
               round(ci_lower, 4) as ci_lower, round(ci_upper, 4) as ci_upper,
               round(p_value, 4) as p_value, n_units_treated, n_units_control, n_clusters
        from fct_rollout_effects
        order by rollout, outcome, estimator
    """,
    "Rollout pre-trends and robustness (fct_pretrend_tests, fct_parallel_trends_sensitivity)": """
        select tests.rollout, tests.outcome, tests.test, round(tests.statistic, 2) as statistic,
               tests.df, round(tests.p_value, 4) as p_value, tests.passed,
               round(min(sensitivity.breakdown_m_bar), 3) as breakdown_m_bar
        from fct_pretrend_tests as tests
        left join fct_parallel_trends_sensitivity as sensitivity
            on tests.rollout = sensitivity.rollout and tests.outcome = sensitivity.outcome
        group by all
        order by tests.rollout, tests.outcome
    """,
    "Experiment design (fct_srm_checks, fct_experiment_power)": """
        select srm.experiment, srm.count_source, sum(srm.observed_units) as n_units,
               round(max(srm.p_value), 4) as srm_p_value, bool_and(srm.passed) as srm_passed,
               round(max(power.mde), 3) as mde,
               round(max(power.mde_stratified), 3) as mde_stratified
        from fct_srm_checks as srm
        left join fct_experiment_power as power
            on srm.experiment = power.experiment and srm.arm = power.arm
        group by srm.experiment, srm.count_source
        order by srm.experiment
    """,
    "Media mix ROI with 90% intervals (fct_media_roi)": """
        select media_mix, channel, round(spend) as spend, round(contribution) as contribution,
               round(roi, 3) as roi, round(roi_lower, 3) as roi_lower,
               round(roi_upper, 3) as roi_upper, round(marginal_roi, 3) as marginal_roi
        from fct_media_roi
        order by media_mix, channel
    """,
    "Media mix fit, forecast and budget (fct_media_fit, fct_budget_allocation)": """
        select fit.media_mix,
               max(fit.candidate) filter (where fit.is_chosen) as chosen_candidate,
               round(max(fit.value) filter (where fit.candidate = 'unfiltered_test'
                                              and fit.metric = 'mae'), 2) as test_mae,
               round(max(fit.value) filter (where fit.candidate = 'harmonized_test'
                                              and fit.metric = 'mae'), 2) as test_mae_harmonized,
               round(max(allocation.expected_gain)) as optimizer_expected_gain,
               round(max(allocation.expected_gain_lower)) as gain_lower,
               round(max(allocation.expected_gain_upper)) as gain_upper
        from fct_media_fit as fit
        left join fct_budget_allocation as allocation on fit.media_mix = allocation.media_mix
        group by fit.media_mix
        order by fit.media_mix
    """,
    "Media mix recovery of the simulated truth (fct_recovery_metrics)": """
        select analysis as media_mix,
               round(max(value) filter (where metric = 'roi_mare'), 3) as roi_mare,
               round(max(value) filter (where metric = 'roi_max_abs_relative_error'), 3)
                   as roi_max_abs_relative_error,
               round(max(value) filter (where metric = 'roi_interval_coverage'), 2)
                   as roi_interval_coverage,
               round(max(value) filter (where metric = 'half_life_mare'), 3) as half_life_mare
        from fct_recovery_metrics
        where domain = 'media_mix' and outcome is null
        group by analysis
        order by analysis
    """,
    "Ad panel average slopes (fct_ad_average_slope, fct_ad_fit)": """
        select slopes.panel, slopes.slope_variable, slopes.estimator,
               round(slopes.estimate, 4) as estimate, round(slopes.std_error, 4) as std_error,
               round(slopes.ci_lower, 4) as ci_lower, round(slopes.ci_upper, 4) as ci_upper,
               round(fit.outcome_r2, 4) as outcome_r2, fit.epochs, fit.demean_iterations,
               fit.n_rows, fit.n_singletons_dropped
        from fct_ad_average_slope as slopes
        inner join fct_ad_fit as fit
            on slopes.panel = fit.panel and slopes.estimator = fit.estimator
        order by slopes.panel, slopes.slope_variable, slopes.estimator
    """,
    "Ad panel recovery of the simulated truth (fct_recovery_metrics)": """
        select analysis, estimator, metric, round(value, 4) as value
        from fct_recovery_metrics
        where domain = 'ad_panel'
        order by analysis, estimator, metric
    """,
    "Campaign predictor (fct_campaign_model_metrics)": """
        select target, model, interval_method, is_selected,
               round(cv_r2, 4) as cv_r2, round(r2, 4) as test_r2, round(mape, 3) as mape,
               round(interval_coverage, 3) as interval_coverage,
               round(interval_width) as median_interval_width, n_test
        from fct_campaign_model_metrics
        order by target desc, model, interval_method
    """,
}


def default_db_path() -> Path:
    return Path(os.environ.get(DB_PATH_ENV) or "warehouse/impactlytics.duckdb")


def summary_tables(db_path: Path) -> dict[str, pd.DataFrame]:
    """Run every summary query against the warehouse, opened read-only."""
    if not db_path.exists():
        raise FileNotFoundError(f"warehouse {db_path} does not exist; run `make demo` first")
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return {title: connection.sql(query).df() for title, query in SECTIONS.items()}


def render_summary(tables: dict[str, pd.DataFrame]) -> str:
    """Plain-text rendering, one titled block per table."""
    blocks = []
    for title, frame in tables.items():
        body = frame.to_string(index=False) if len(frame) else "(no rows)"
        blocks.append(f"== {title}\n{body}")
    return "\n\n".join(blocks)
