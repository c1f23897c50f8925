with

propensity_scores as (

    select * from {{ ref('study_propensity_scores') }}

),

final as (

    select
        study_name as study,
        cast(unit_id as varchar) as unit_id,
        cast(treatment as integer) as treatment,
        cast(propensity as double) as propensity,
        cast(propensity_full_fit as double) as propensity_full_fit,
        cast(ipw_weight as double) as ipw_weight,
        cast(is_trimmed as boolean) as is_trimmed,
        cast(propensity_model as varchar) as propensity_model
    from propensity_scores

)

select * from final
