{#-
    One row per rollout x unit x period from every declared rollout: the unit and cluster ids as
    text, the period as text and as its 1-based rank, the 0/1 exposure and the unit's weight.
-#}
{%- set rollouts = declared_rollouts() -%}

with

{% for rollout in rollouts -%}
    {{ rollout.name }}__panel as (

        select
            '{{ rollout.name }}' as rollout_name,
            cast({{ adapter.quote(rollout.unit) }} as varchar) as unit_id,
            cast({{ adapter.quote(rollout.period) }} as varchar) as period_value,
            cast(_period_index as integer) as period_index,
            cast({{ adapter.quote(rollout.exposure) }} as integer) as is_exposed,
            cast({{ adapter.quote(rollout.cluster) }} as varchar) as cluster_id,
            cast({{ adapter.quote(rollout.weight) if rollout.weight else 1.0 }} as double) as unit_weight
        from {{ rollout_rows(rollout) }} as rollout_rows

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        rollouts,
        'panel',
        [('rollout_name', 'varchar'), ('unit_id', 'varchar'), ('period_value', 'varchar'), ('period_index', 'integer'), ('is_exposed', 'integer'), ('cluster_id', 'varchar'), ('unit_weight', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
