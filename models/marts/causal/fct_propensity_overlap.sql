{#-
    Overlap diagnostics per study and arm: the trimming rule that ran and the population the
    estimate refers to, propensity range and quantiles, trimming, effective sample size.
-#}
with

propensity_scores as (

    select * from {{ ref('study_propensity_scores') }}

),

studies as (

    select * from {{ ref('int_studies_declared') }}

),

by_arm as (

    select
        study_name,
        case when treatment = 1 then 'treated' else 'control' end as arm,
        any_value(propensity_model) as propensity_model,
        any_value(propensity_log_loss) as propensity_log_loss,
        any_value(trim_rule) as trim_rule,
        any_value(trim_threshold) as trim_threshold,
        any_value(kept_lower) as kept_lower,
        any_value(kept_upper) as kept_upper,
        any_value(target_population) as target_population,
        count(*) as n_units,
        count(*) filter (where is_trimmed) as n_trimmed,
        min(propensity) as propensity_min,
        {{ percentile('propensity', 0.05) }} as propensity_p05,
        avg(propensity) as propensity_mean,
        {{ percentile('propensity', 0.95) }} as propensity_p95,
        max(propensity) as propensity_max,
        pow(sum(ipw_weight), 2) / nullif(sum(pow(ipw_weight, 2)), 0) as effective_sample_size
    from propensity_scores
    group by study_name, treatment

),

final as (

    select
        by_arm.study_name as study,
        by_arm.arm,
        by_arm.propensity_model,
        by_arm.propensity_log_loss,
        studies.estimand,
        by_arm.trim_rule,
        by_arm.trim_threshold,
        by_arm.kept_lower,
        by_arm.kept_upper,
        by_arm.target_population,
        by_arm.n_units,
        by_arm.n_trimmed,
        by_arm.propensity_min,
        by_arm.propensity_p05,
        by_arm.propensity_mean,
        by_arm.propensity_p95,
        by_arm.propensity_max,
        by_arm.effective_sample_size
    from by_arm
    inner join studies on by_arm.study_name = studies.study_name

)

select * from final
