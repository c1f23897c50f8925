{#-
    One row per experiment declared in var `experiments`; the spec travels as JSON so Python
    models read it via ref().
-#}
{%- set experiments = declared_experiments() -%}

with

{% for experiment in experiments -%}
    {{ experiment.name }}__spec as (

        select
            '{{ experiment.name }}' as experiment_name,
            '{{ experiment.data | replace("'", "''") }}' as data_input,
            '{{ experiment.unit }}' as unit_column,
            '{{ experiment.control_arm }}' as control_arm,
            '{{ experiment.salt | replace("'", "''") }}' as salt,
            {{ "'" ~ experiment.metric ~ "'" if experiment.metric else 'cast(null as varchar)' }} as metric_column,
            {{ "'" ~ experiment.observed_arm ~ "'" if experiment.observed_arm else 'cast(null as varchar)' }}
                as observed_arm_column,
            cast({{ experiment.alpha }} as double) as alpha,
            cast({{ experiment.power }} as double) as power,
            '{{ tojson(experiment) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        experiments,
        'spec',
        [('experiment_name', 'varchar'), ('data_input', 'varchar'), ('unit_column', 'varchar'), ('control_arm', 'varchar'), ('salt', 'varchar'), ('metric_column', 'varchar'), ('observed_arm_column', 'varchar'), ('alpha', 'double'), ('power', 'double'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
