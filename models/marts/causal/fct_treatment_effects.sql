with

treatment_effects as (

    select * from {{ ref('study_treatment_effects') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(estimator as varchar) as estimator,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(p_value as double) as p_value,
        cast(n_treated as bigint) as n_treated,
        cast(n_control as bigint) as n_control,
        cast(n_dropped_null_outcome as bigint) as n_dropped_null_outcome,
        cast(n_trimmed as bigint) as n_trimmed,
        cast(method as varchar) as method,
        cast(fitted_at as timestamp) as fitted_at
    from treatment_effects

)

select * from final
