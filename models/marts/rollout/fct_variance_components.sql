with

variance_components as (

    select * from {{ ref('rollout_variance_components') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(model_name as varchar) as model_name,
        cast(component as varchar) as component,
        cast(estimate as double) as estimate,
        cast(n_units as bigint) as n_units,
        cast(n_observations as bigint) as n_observations
    from variance_components

)

select * from final
