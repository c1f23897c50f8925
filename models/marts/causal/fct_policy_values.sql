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
        cast(gain_vs_none as double) as gain_vs_none,
        cast(gain_vs_none_std_error as double) as gain_vs_none_std_error,
        cast(gain_vs_none_ci_lower as double) as gain_vs_none_ci_lower,
        cast(gain_vs_none_ci_upper as double) as gain_vs_none_ci_upper,
        cast(gain_vs_all as double) as gain_vs_all,
        cast(gain_vs_all_std_error as double) as gain_vs_all_std_error,
        cast(gain_vs_all_ci_lower as double) as gain_vs_all_ci_lower,
        cast(gain_vs_all_ci_upper as double) as gain_vs_all_ci_upper
    from policy_values

)

select * from final
