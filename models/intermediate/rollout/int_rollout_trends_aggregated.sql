{#-
    Pre-trend aggregates: per rollout x outcome x period x group (each cohort, and the units never
    exposed), the number of units, the mean and sample variance of the outcome, and the cohort's
    difference from the never-exposed mean in the same period. Null outcomes are left out.
-#}
with

panel as (

    select * from {{ ref('int_rollout_panel_event_timed') }}

),

outcomes as (

    select * from {{ ref('int_rollout_outcomes_unpivoted') }}

),

joined as (

    select
        outcomes.rollout_name,
        outcomes.outcome_name,
        panel.period_index,
        panel.period_value,
        panel.cohort_period_index,
        coalesce(panel.cohort_period_value, 'never_exposed') as exposure_group,
        outcomes.outcome_value
    from outcomes
    inner join panel
        on
            outcomes.rollout_name = panel.rollout_name
            and outcomes.unit_id = panel.unit_id
            and outcomes.period_index = panel.period_index
    where outcomes.outcome_value is not null

),

aggregated as (

    select
        rollout_name,
        outcome_name,
        period_index,
        period_value,
        exposure_group,
        min(cohort_period_index) as cohort_period_index,
        count(*) as n_units,
        avg(outcome_value) as mean_value,
        coalesce(var_samp(outcome_value), 0.0) as variance
    from joined
    group by rollout_name, outcome_name, period_index, period_value, exposure_group

),

never_exposed as (

    select
        rollout_name,
        outcome_name,
        period_index,
        mean_value
    from aggregated
    where cohort_period_index is null

),

final as (

    select
        aggregated.rollout_name,
        aggregated.outcome_name,
        aggregated.period_index,
        aggregated.period_value,
        aggregated.exposure_group,
        aggregated.cohort_period_index,
        aggregated.period_index - aggregated.cohort_period_index as event_time,
        coalesce(aggregated.period_index < aggregated.cohort_period_index, true) as is_pre_period,
        aggregated.n_units,
        aggregated.mean_value,
        aggregated.variance,
        aggregated.mean_value - never_exposed.mean_value as difference_from_never_exposed
    from aggregated
    left join never_exposed
        on
            aggregated.rollout_name = never_exposed.rollout_name
            and aggregated.outcome_name = never_exposed.outcome_name
            and aggregated.period_index = never_exposed.period_index
            and aggregated.cohort_period_index is not null

)

select * from final
