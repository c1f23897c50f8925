with

refutations as (

    select * from {{ ref('study_refutations') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(estimator as varchar) as estimator,
        cast(refuter as varchar) as refuter,
        cast(n_units as bigint) as n_units,
        cast(n_repeats as bigint) as n_repeats,
        cast(original_estimate as double) as original_estimate,
        cast(original_std_error as double) as original_std_error,
        cast(new_estimate as double) as new_estimate,
        cast(new_std_error as double) as new_std_error,
        cast(expected_estimate as double) as expected_estimate,
        cast(acceptance_lower as double) as acceptance_lower,
        cast(acceptance_upper as double) as acceptance_upper,
        cast(p_value as double) as p_value,
        cast(passed as boolean) as passed,
        cast(method as varchar) as method
    from refutations

)

select * from final
