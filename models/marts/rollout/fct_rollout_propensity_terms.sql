with

propensity_terms as (

    select * from {{ ref('rollout_exposure_propensity_terms') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(term as varchar) as term,
        cast(coefficient as double) as coefficient,
        cast(std_error as double) as std_error,
        cast(exp(coefficient) as double) as odds_ratio,
        cast(p_value as double) as p_value
    from propensity_terms

)

select * from final
