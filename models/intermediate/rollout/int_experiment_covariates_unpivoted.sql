{#-
    One row per experiment x unit x balance variable: the declared covariates and the metric, as
    double. Experiments without either have no rows.
-#}
{%- set experiments = [] -%}
{%- for experiment in declared_experiments() if experiment.metric or experiment.covariates -%}
    {%- do experiments.append(experiment) -%}
{%- endfor -%}

with

{% for experiment in experiments -%}
    {{ experiment.name }}__covariates as (

        {%- for column in ([experiment.metric] if experiment.metric else []) + experiment.covariates %}

            select
                '{{ experiment.name }}' as experiment_name,
                cast({{ adapter.quote(experiment.unit) }} as varchar) as unit_id,
                '{{ column }}' as covariate_name,
                cast({{ adapter.quote(column) }} as double) as covariate_value
            from {{ experiment_units(experiment) }} as experiment_units
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        experiments,
        'covariates',
        [('experiment_name', 'varchar'), ('unit_id', 'varchar'), ('covariate_name', 'varchar'), ('covariate_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
