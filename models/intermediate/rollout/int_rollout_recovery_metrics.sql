{#-
    How well each rollout estimator recovered the simulated truth: per rollout x outcome the true
    ATT; per estimator of fct_rollout_effects its bias, whether its 95% CI covers the truth (1/0)
    and the CI width; per event-study estimator the share of event times whose CI covers the true
    event-time effect and the mean absolute bias over event times.
-#}
with

true_effects as (

    select * from {{ ref('int_rollout_true_effects_aggregated') }}

),

rollout_effects as (

    select * from {{ ref('fct_rollout_effects') }}

),

event_study as (

    select * from {{ ref('fct_event_study') }}

),

overall_truth as (

    select * from true_effects
    where aggregation = 'overall'

),

estimates as (

    select
        rollout_effects.rollout,
        rollout_effects.outcome,
        rollout_effects.estimator,
        {{ interval_recovery_columns(
            'rollout_effects.estimate',
            'overall_truth.true_effect',
            'rollout_effects.ci_lower',
            'rollout_effects.ci_upper',
        ) }}
    from rollout_effects
    inner join overall_truth
        on
            rollout_effects.rollout = overall_truth.rollout_name
            and rollout_effects.outcome = overall_truth.outcome_name

),

event_times as (

    select
        event_study.rollout,
        event_study.outcome,
        event_study.estimator,
        avg({{ ci_covers(
            'true_effects.true_effect', 'event_study.ci_lower', 'event_study.ci_upper'
        ) }}) as event_study_coverage,
        avg(abs(event_study.estimate - true_effects.true_effect)) as event_study_mean_abs_bias
    from event_study
    inner join true_effects
        on
            event_study.rollout = true_effects.rollout_name
            and event_study.outcome = true_effects.outcome_name
            and event_study.event_time = true_effects.event_time
            and true_effects.aggregation = 'event_time'
    group by event_study.rollout, event_study.outcome, event_study.estimator

),

metrics as (

    select
        rollout_name as analysis,
        outcome_name as outcome,
        cast(null as varchar) as estimator,
        'true_att' as metric,
        true_effect as value
    from overall_truth

    union all
    {{ metric_rows(
        'estimates',
        ['rollout as analysis', 'outcome', 'estimator'],
        ['bias', 'ci_covers_truth', 'ci_width'],
    ) }}

    union all
    {{ metric_rows(
        'event_times',
        ['rollout as analysis', 'outcome', 'estimator'],
        ['event_study_coverage', 'event_study_mean_abs_bias'],
    ) }}

),

final as (

    select * from metrics

)

select * from final
