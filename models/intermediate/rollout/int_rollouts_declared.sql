{#- One row per rollout declared in var `rollouts`; the spec travels as JSON so Python models read it via ref(). -#}
{%- set rollouts = declared_rollouts() -%}

with

{% for rollout in rollouts -%}
    {{ rollout.name }}__spec as (

        select
            '{{ rollout.name }}' as rollout_name,
            '{{ rollout.data | replace("'", "''") }}' as data_input,
            '{{ rollout.unit }}' as unit_column,
            '{{ rollout.period }}' as period_column,
            '{{ rollout.exposure }}' as exposure_column,
            '{{ rollout.cluster }}' as cluster_column,
            {{ "'" ~ rollout.weight ~ "'" if rollout.weight else 'cast(null as varchar)' }} as weight_column,
            '{{ rollout.control_group }}' as control_group,
            '{{ tojson(rollout) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        rollouts,
        'spec',
        [('rollout_name', 'varchar'), ('data_input', 'varchar'), ('unit_column', 'varchar'), ('period_column', 'varchar'), ('exposure_column', 'varchar'), ('cluster_column', 'varchar'), ('weight_column', 'varchar'), ('control_group', 'varchar'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
