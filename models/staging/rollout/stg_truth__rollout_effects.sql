with

source as (

    select * from {{ source('truth', 'rollout_effects') }}

),

renamed as (

    select
        ----------  keys
        cast(rollout_name as varchar) as rollout_name,
        cast(exposure_column as varchar) as exposure_column,
        cast(outcome_name as varchar) as outcome_name,
        cast(cohort_period as integer) as cohort_period,
        cast(period as integer) as period,
        cast(event_time as integer) as event_time,

        ----------  truth
        cast(n_units as bigint) as n_units,
        cast(true_effect as double) as true_effect

    from source

)

select * from renamed
