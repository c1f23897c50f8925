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

    {{ rollout.name }}__outcomes as (

        {%- for column in rollout.outcomes %}

            select
                '{{ rollout.name }}' as rollout_name,
                cast({{ adapter.quote(rollout.unit) }} as varchar) as unit_id,
                cast(_period_index as integer) as period_index,
                '{{ column }}' as outcome_name,
                cast({{ adapter.quote(column) }} as double) as outcome_value
            from {{ rollout.name }}__rows
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),

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
