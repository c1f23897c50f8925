{#- One row per study x unit x outcome; null outcomes are kept so that the rows dropped can be counted. -#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__rows as (

        select * from {{ study_input(study) }} as study_rows

    ),

    {{ study.name }}__outcomes as (

        {%- for column in study.outcomes %}

            select
                '{{ study.name }}' as study_name,
                cast({{ adapter.quote(study.unit) }} as varchar) as unit_id,
                '{{ column }}' as outcome_name,
                cast({{ adapter.quote(column) }} as double) as outcome_value
            from {{ study.name }}__rows
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        studies,
        'outcomes',
        [('study_name', 'varchar'), ('unit_id', 'varchar'), ('outcome_name', 'varchar'), ('outcome_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
