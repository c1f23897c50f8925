with

assignments as (

    select * from {{ ref('int_experiment_assignments') }}

),

final as (

    select
        cast(experiment_name as varchar) as experiment,
        cast(unit_id as varchar) as unit_id,
        cast(stratum as varchar) as stratum,
        cast(arm as varchar) as arm,
        cast(hash_value as double) as hash_value,
        cast(stratum_rank as bigint) as stratum_rank,
        cast(stratum_size as bigint) as stratum_size
    from assignments

)

select * from final
