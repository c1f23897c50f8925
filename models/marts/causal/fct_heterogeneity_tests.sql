with

heterogeneity_tests as (

    select * from {{ ref('study_cate_heterogeneity_tests') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(learner as varchar) as learner,
        cast(test as varchar) as test,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(p_value as double) as p_value,
        p_value < 0.05 as is_heterogeneous,
        cast(ate_estimate as double) as ate_estimate,
        cast(n_units as bigint) as n_units,
        cast(method as varchar) as method
    from heterogeneity_tests

)

select * from final
