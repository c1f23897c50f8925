with

rollout_effects as (

    select * from {{ ref('rollout_effects') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(estimator as varchar) as estimator,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(p_value as double) as p_value,
        cast(n_units_treated as bigint) as n_units_treated,
        cast(n_units_control as bigint) as n_units_control,
        cast(n_clusters as bigint) as n_clusters,
        cast(method as varchar) as method
    from rollout_effects

)

select * from final
