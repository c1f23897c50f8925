with

effect_aggregates as (

    select * from {{ ref('rollout_effect_aggregates') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(estimator as varchar) as estimator,
        cast(level as integer) as event_time,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(n_cohorts as bigint) as n_cohorts,
        cast(n_clusters as bigint) as n_clusters
    from effect_aggregates
    where aggregation = 'event_time'

)

select * from final
