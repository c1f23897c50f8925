with

unit_effects as (

    select * from {{ ref('study_cate_unit_effects') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(unit_id as varchar) as unit_id,
        cast(cate as double) as cate,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(learner as varchar) as learner
    from unit_effects
    where is_selected and in_target_population

)

select * from final
