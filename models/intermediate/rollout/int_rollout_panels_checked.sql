{#-
    The balanced-panel check, one row per rollout: units, periods and rows, how many units are
    observed in every period (the estimators use only those), and the units by exposure path.
-#}
with

units as (

    select * from {{ ref('int_rollout_units_cohorted') }}

),

panel as (

    select * from {{ ref('int_rollout_panel_unioned') }}

),

rows_per_rollout as (

    select
        rollout_name,
        count(*) as n_rows,
        max(period_index) as n_periods
    from panel
    group by rollout_name

),

units_per_rollout as (

    select
        rollout_name,
        count(*) as n_units,
        count(*) filter (where is_balanced) as n_units_balanced,
        count(*) filter (where is_never_exposed) as n_units_never_exposed,
        count(*) filter (where not is_never_exposed and not is_exposed_from_start) as n_units_exposed_later,
        count(*) filter (where is_exposed_from_start) as n_units_exposed_from_start,
        count(distinct cohort_period_index) as n_cohorts,
        count(distinct cluster_id) as n_clusters
    from units
    group by rollout_name

),

final as (

    select
        units_per_rollout.rollout_name,
        units_per_rollout.n_units,
        rows_per_rollout.n_periods,
        rows_per_rollout.n_rows,
        units_per_rollout.n_units_balanced,
        units_per_rollout.n_units_balanced = units_per_rollout.n_units as is_balanced,
        units_per_rollout.n_units_never_exposed,
        units_per_rollout.n_units_exposed_later,
        units_per_rollout.n_units_exposed_from_start,
        units_per_rollout.n_cohorts,
        units_per_rollout.n_clusters
    from units_per_rollout
    inner join rows_per_rollout
        on units_per_rollout.rollout_name = rows_per_rollout.rollout_name

)

select * from final
