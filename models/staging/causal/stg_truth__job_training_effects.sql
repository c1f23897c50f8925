with

source as (

    select * from {{ source('truth', 'job_training_effects') }}

),

renamed as (

    select
        ----------  ids
        cast(person_id as varchar) as person_id,

        ----------  true assignment and effect
        cast(true_propensity as double) as true_propensity,
        cast(tau_earnings_after as double) as tau_earnings_after

    from source

)

select * from renamed
