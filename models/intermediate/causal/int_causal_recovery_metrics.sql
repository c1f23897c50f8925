{#- How well each causal estimator recovered the simulated truth: one row per metric. -#}
with

true_effects as (

    select * from {{ ref('int_study_true_effects_averaged') }}

),

treatment_effects as (

    select * from {{ ref('fct_treatment_effects') }}

),

true_unit_effects as (

    select * from {{ ref('int_study_true_unit_effects') }}

),

cate_unit_effects as (

    select * from {{ ref('study_cate_unit_effects') }}

),

effect_segments as (

    select * from {{ ref('fct_effect_segments') }}

),

estimates as (

    select
        treatment_effects.study,
        treatment_effects.outcome,
        treatment_effects.estimator,
        {{ interval_recovery_columns(
            'treatment_effects.estimate',
            'true_effects.true_effect',
            'treatment_effects.ci_lower',
            'treatment_effects.ci_upper',
        ) }}
    from treatment_effects
    inner join true_effects
        on
            treatment_effects.study = true_effects.study_name
            and treatment_effects.outcome = true_effects.outcome_name

),

cate_errors as (

    select
        cate_unit_effects.study_name,
        cate_unit_effects.outcome_name,
        cate_unit_effects.learner,
        cate_unit_effects.is_selected,
        sqrt(avg(power(cate_unit_effects.cate - true_unit_effects.true_effect, 2))) as sqrt_pehe,
        -- The CATE averaged over the estimand's analysis units, against the same units' truth.
        avg(cate_unit_effects.cate - true_unit_effects.true_effect) filter (
            where cate_unit_effects.oof_cate is not null
        ) as cate_ate_error
    from cate_unit_effects
    inner join true_unit_effects
        on
            cate_unit_effects.study_name = true_unit_effects.study_name
            and cate_unit_effects.outcome_name = true_unit_effects.outcome_name
            and cate_unit_effects.unit_id = true_unit_effects.unit_id
    -- Over the estimand's population (the treated for the ATT), whose CATE the marts report.
    where cate_unit_effects.in_target_population
    group by
        cate_unit_effects.study_name,
        cate_unit_effects.outcome_name,
        cate_unit_effects.learner,
        cate_unit_effects.is_selected

),

true_group_effects as (

    select
        cate_unit_effects.study_name,
        cate_unit_effects.outcome_name,
        'q' || cate_unit_effects.gates_group as segment,
        avg(true_unit_effects.true_effect) as true_effect
    from cate_unit_effects
    inner join true_unit_effects
        on
            cate_unit_effects.study_name = true_unit_effects.study_name
            and cate_unit_effects.outcome_name = true_unit_effects.outcome_name
            and cate_unit_effects.unit_id = true_unit_effects.unit_id
    where cate_unit_effects.gates_group is not null and cate_unit_effects.in_target_population
    group by
        cate_unit_effects.study_name,
        cate_unit_effects.outcome_name,
        cate_unit_effects.gates_group

),

gates_coverage as (

    select
        effect_segments.study,
        effect_segments.outcome,
        effect_segments.learner,
        avg({{ ci_covers(
            'true_group_effects.true_effect', 'effect_segments.ci_lower', 'effect_segments.ci_upper'
        ) }}) as coverage
    from effect_segments
    inner join true_group_effects
        on
            effect_segments.study = true_group_effects.study_name
            and effect_segments.outcome = true_group_effects.outcome_name
            and effect_segments.segment = true_group_effects.segment
    where effect_segments.segment_type = 'gates'
    group by effect_segments.study, effect_segments.outcome, effect_segments.learner

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
    {{ metric_rows(
        'estimates',
        ['study as analysis', 'outcome', 'estimator'],
        ['bias', 'ci_covers_truth', 'ci_width'],
    ) }}

    union all
    {{ metric_rows(
        'cate_errors',
        ['study_name as analysis', 'outcome_name as outcome', 'learner as estimator'],
        ['sqrt_pehe', 'cate_ate_error'],
    ) }}

    union all

    select
        study_name as analysis,
        outcome_name as outcome,
        learner as estimator,
        'sqrt_pehe_selected' as metric,
        sqrt_pehe as value
    from cate_errors
    where is_selected

    union all

    select
        study as analysis,
        outcome,
        learner as estimator,
        'gates_coverage' as metric,
        coverage as value
    from gates_coverage

),

final as (

    select * from metrics

)

select * from final
