with

policy_values as (

    select * from {{ ref('study_cate_policy_values') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(learner as varchar) as learner,
        cast(fraction_targeted as double) as fraction_targeted,
        cast(n_targeted as bigint) as n_targeted,
        cast(gain_vs_none as double) as qini,
        cast(random_gain as double) as random_qini,
        cast(auuc as double) as auuc
    from policy_values

)

select * from final
