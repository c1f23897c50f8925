{#-
    One row per rollout x unit x period with the unit's cohort and the event time: periods since
    the unit's first exposed period (0 in that period, negative before it, null for units never
    exposed). Periods are counted by rank, so gaps between period values do not matter.
-#}
with

panel as (

    select * from {{ ref('int_rollout_panel_unioned') }}

),

units as (

    select * from {{ ref('int_rollout_units_cohorted') }}

),

final as (

    select
        panel.rollout_name,
        panel.unit_id,
        panel.period_value,
        panel.period_index,
        panel.is_exposed,
        units.cohort_period_index,
        units.cohort_period_value,
        panel.period_index - units.cohort_period_index as event_time,
        units.is_balanced
    from panel
    inner join units
        on
            panel.rollout_name = units.rollout_name
            and panel.unit_id = units.unit_id

)

select * from final
