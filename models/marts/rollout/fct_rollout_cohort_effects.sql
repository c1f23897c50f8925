with

effect_aggregates as (

    select * from {{ ref('rollout_effect_aggregates') }}

),

units as (

    select * from {{ ref('int_rollout_units_cohorted') }}

),

cohorts as (

    select
        rollout_name,
        cohort_period_index,
        min(cohort_period_value) as cohort_period_value,
        count(*) as n_units
    from units
    where cohort_period_index is not null
    group by rollout_name, cohort_period_index

),

final as (

    select
        cast(effect_aggregates.rollout_name as varchar) as rollout,
        cast(effect_aggregates.outcome_name as varchar) as outcome,
        cast(effect_aggregates.estimator as varchar) as estimator,
        cast(effect_aggregates.level as integer) as cohort_period_index,
        cast(cohorts.cohort_period_value as varchar) as cohort_period_value,
        cast(cohorts.n_units as bigint) as n_units,
        cast(effect_aggregates.estimate as double) as estimate,
        cast(effect_aggregates.std_error as double) as std_error,
        cast(effect_aggregates.ci_lower as double) as ci_lower,
        cast(effect_aggregates.ci_upper as double) as ci_upper,
        cast(effect_aggregates.n_clusters as bigint) as n_clusters
    from effect_aggregates
    inner join cohorts
        on
            effect_aggregates.rollout_name = cohorts.rollout_name
            and effect_aggregates.level = cohorts.cohort_period_index
    where effect_aggregates.aggregation = 'cohort'

)

select * from final
