with

sensitivity as (

    select * from {{ ref('study_sensitivity') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(t_value as double) as t_value,
        cast(dof as bigint) as dof,
        cast(partial_r2_treatment as double) as partial_r2_treatment,
        cast(robustness_value as double) as robustness_value,
        cast(robustness_value_alpha as double) as robustness_value_alpha,
        cast(risk_ratio_scale as varchar) as risk_ratio_scale,
        cast(risk_ratio as double) as risk_ratio,
        cast(e_value as double) as e_value,
        cast(e_value_ci as double) as e_value_ci,
        cast(n_units as bigint) as n_units,
        cast(method as varchar) as method
    from sensitivity

)

select * from final
