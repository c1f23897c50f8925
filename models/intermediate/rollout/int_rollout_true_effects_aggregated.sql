{#-
    True effects of rollouts declared over the simulated panel (the only data with ground truth),
    matched on the exposure column: per rollout x outcome the true ATT over exposed unit-periods
    (cohort-size weighted ATT(g, t) over t >= g, aggregation = overall) and per event time the
    cohort-size weighted ATT(g, g + e) (aggregation = event_time), as the estimators aggregate.
-#}
with

rollouts as (

    select * from {{ ref('int_rollouts_declared') }}

),

true_effects as (

    select * from {{ ref('stg_truth__rollout_effects') }}

),

simulated_rollouts as (

    select
        rollout_name,
        exposure_column
    from rollouts
    where
        data_input in ('source:raw.user_engagement_weekly', 'ref:stg_raw__user_engagement_weekly')
        and unit_column = 'user_id'
        and period_column = 'week_index'

),

cells as (

    select
        simulated_rollouts.rollout_name,
        true_effects.outcome_name,
        true_effects.event_time,
        true_effects.n_units,
        true_effects.true_effect
    from simulated_rollouts
    inner join true_effects
        on simulated_rollouts.exposure_column = true_effects.exposure_column

),

overall as (

    select
        rollout_name,
        outcome_name,
        'overall' as aggregation,
        cast(null as integer) as event_time,
        sum(n_units * true_effect) / sum(n_units) as true_effect
    from cells
    where event_time >= 0
    group by rollout_name, outcome_name

),

by_event_time as (

    select
        rollout_name,
        outcome_name,
        'event_time' as aggregation,
        event_time,
        sum(n_units * true_effect) / sum(n_units) as true_effect
    from cells
    where event_time != -1
    group by rollout_name, outcome_name, event_time

),

final as (

    select * from overall
    union all
    select * from by_event_time

)

select * from final
