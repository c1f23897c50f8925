{#- Period x group means per rollout and outcome: the pre-trend picture a BI tool draws. -#}
with

trends as (

    select * from {{ ref('int_rollout_trends_aggregated') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(period_index as integer) as period_index,
        cast(period_value as varchar) as period_value,
        cast(exposure_group as varchar) as exposure_group,
        cast(event_time as integer) as event_time,
        cast(is_pre_period as boolean) as is_pre_period,
        cast(n_units as bigint) as n_units,
        cast(mean_value as double) as mean_value,
        cast(variance as double) as variance,
        cast(difference_from_never_exposed as double) as difference_from_never_exposed
    from trends

)

select * from final
