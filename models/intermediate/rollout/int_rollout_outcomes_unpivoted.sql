{#-
    One row per rollout x unit x period x outcome; null outcomes are kept (the estimators drop
    the unit for that outcome).
-#}
{%- set rollouts = declared_rollouts() -%}

with

{% for rollout in rollouts -%}
    {{ rollout.name }}__rows as (

        select * from {{ rollout_rows(rollout) }} as rollout_rows

    ),

    {{ unpivoted_outcome_ctes(
        rollout.name,
        'rollout_name',
        rollout.unit,
        rollout.outcomes,
        ['cast(_period_index as integer) as period_index'],
    ) }}

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        rollouts,
        'outcomes',
        [('rollout_name', 'varchar'), ('unit_id', 'varchar'), ('period_index', 'integer'), ('outcome_name', 'varchar'), ('outcome_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
