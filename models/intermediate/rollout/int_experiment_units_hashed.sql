{#-
    One row per experiment x unit: the stratum (the declared strata values joined by '|', 'all'
    without strata), the salted hash md5(salt || ':' || unit id) as a number in [0, 1), the
    pre-period metric, the observed arm when declared, and the stratum's random start
    md5(salt || ':stratum:' || stratum) in [0, 1).
-#}
{%- set experiments = declared_experiments() -%}

with

{% for experiment in experiments -%}
    {%- set salt = "'" ~ (experiment.salt | replace("'", "''")) ~ "'" %}
    {{ experiment.name }}__units as (

        select
            '{{ experiment.name }}' as experiment_name,
            cast({{ adapter.quote(experiment.unit) }} as varchar) as unit_id,
            {%- if experiment.strata %}
                concat_ws(
                    '|',
                    {%- for column in experiment.strata %}
                        coalesce(cast({{ adapter.quote(column) }} as varchar), 'null'){{ ',' if not loop.last }}
                    {%- endfor %}
                ) as stratum,
            {%- else %}
                'all' as stratum,
            {%- endif %}
            {{ unit_interval_hash(salt ~ " || ':' || cast(" ~ adapter.quote(experiment.unit) ~ " as varchar)") }}
                as hash_value,
            cast({{ adapter.quote(experiment.metric) if experiment.metric else 'null' }} as double) as metric_value,
            cast({{ adapter.quote(experiment.observed_arm) if experiment.observed_arm else 'null' }} as varchar)
                as observed_arm
        from {{ experiment_units(experiment) }} as experiment_units

    ),

    {{ experiment.name }}__offsets as (

        select
            *,
            {{ unit_interval_hash(salt ~ " || ':stratum:' || stratum") }}
                as stratum_offset
        from {{ experiment.name }}__units

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        experiments,
        'offsets',
        [('experiment_name', 'varchar'), ('unit_id', 'varchar'), ('stratum', 'varchar'), ('hash_value', 'double'), ('metric_value', 'double'), ('observed_arm', 'varchar'), ('stratum_offset', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
