{#- How well each causal estimator recovered the simulated truth: one row per metric. -#}
with

true_effects as (

    select * from {{ ref('int_study_true_effects_averaged') }}

),

treatment_effects as (

    select * from {{ ref('fct_treatment_effects') }}

),

estimates as (

    select
        treatment_effects.study,
        treatment_effects.outcome,
        treatment_effects.estimator,
        treatment_effects.estimate - true_effects.true_effect as bias,
        case
            when true_effects.true_effect between treatment_effects.ci_lower and treatment_effects.ci_upper
                then 1.0
            else 0.0
        end as ci_covers_truth,
        treatment_effects.ci_upper - treatment_effects.ci_lower as ci_width
    from treatment_effects
    inner join true_effects
        on
            treatment_effects.study = true_effects.study_name
            and treatment_effects.outcome = true_effects.outcome_name

),

metrics as (

    select
        study_name as analysis,
        outcome_name as outcome,
        cast(null as varchar) as estimator,
        'true_' || lower(estimand) as metric,
        true_effect as value
    from true_effects

    union all

    select
        study as analysis,
        outcome,
        estimator,
        'bias' as metric,
        bias as value
    from estimates

    union all

    select
        study as analysis,
        outcome,
        estimator,
        'ci_covers_truth' as metric,
        ci_covers_truth as value
    from estimates

    union all

    select
        study as analysis,
        outcome,
        estimator,
        'ci_width' as metric,
        ci_width as value
    from estimates

),

final as (

    select * from metrics

)

select * from final
