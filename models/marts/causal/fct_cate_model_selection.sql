with

unit_effects as (

    select * from {{ ref('study_cate_unit_effects') }}

),

learners as (

    select
        study_name,
        outcome_name,
        learner,
        r_loss,
        dr_loss,
        ensemble_weight,
        is_selected,
        count(oof_cate) as n_units
    from unit_effects
    group by study_name, outcome_name, learner, r_loss, dr_loss, ensemble_weight, is_selected

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(learner as varchar) as learner,
        cast(r_loss as double) as r_loss,
        cast(dr_loss as double) as dr_loss,
        cast(is_selected as boolean) as is_selected,
        cast(ensemble_weight as double) as ensemble_weight,
        cast(n_units as bigint) as n_units
    from learners

)

select * from final
