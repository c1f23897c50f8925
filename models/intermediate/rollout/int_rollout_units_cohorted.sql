{#-
    One row per rollout x unit: its cohort (the rank of its first exposed period, null when never
    exposed), cluster and weight, how many periods it is observed in and whether that is all of
    the rollout's periods (a balanced unit).
-#}
with

panel as (

    select * from {{ ref('int_rollout_panel_unioned') }}

),

rollout_periods as (

    select
        rollout_name,
        max(period_index) as n_periods
    from panel
    group by rollout_name

),

units as (

    select
        rollout_name,
        unit_id,
        max(cluster_id) as cluster_id,
        max(unit_weight) as unit_weight,
        count(*) as n_periods_observed
    from panel
    group by rollout_name, unit_id

),

first_exposed as (

    select
        rollout_name,
        unit_id,
        min(period_index) as cohort_period_index
    from panel
    where is_exposed = 1
    group by rollout_name, unit_id

),

cohorts as (

    select
        first_exposed.rollout_name,
        first_exposed.unit_id,
        first_exposed.cohort_period_index,
        panel.period_value as cohort_period_value
    from first_exposed
    inner join panel
        on
            first_exposed.rollout_name = panel.rollout_name
            and first_exposed.unit_id = panel.unit_id
            and first_exposed.cohort_period_index = panel.period_index

),

final as (

    select
        units.rollout_name,
        units.unit_id,
        cohorts.cohort_period_index,
        cohorts.cohort_period_value,
        cohorts.cohort_period_index is null as is_never_exposed,
        coalesce(cohorts.cohort_period_index = 1, false) as is_exposed_from_start,
        units.cluster_id,
        units.unit_weight,
        units.n_periods_observed,
        units.n_periods_observed = rollout_periods.n_periods as is_balanced
    from units
    inner join rollout_periods
        on units.rollout_name = rollout_periods.rollout_name
    left join cohorts
        on
            units.rollout_name = cohorts.rollout_name
            and units.unit_id = cohorts.unit_id

)

select * from final
