with

sensitivity as (

    select * from {{ ref('rollout_parallel_trends_sensitivity') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(estimator as varchar) as estimator,
        cast(m_bar as double) as m_bar,
        cast(estimate as double) as estimate,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(ci_lower <= 0 and 0 <= ci_upper as boolean) as includes_zero,
        cast(max_pre_change_upper as double) as max_pre_change_upper,
        cast(breakdown_m_bar as double) as breakdown_m_bar
    from sensitivity

)

select * from final
