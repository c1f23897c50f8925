{#-
    One row per study x unit x covariate. Numeric covariates are cast to double; each categorical
    column becomes one 0/1 indicator per observed level, named '<column>=<level>'.
-#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__rows as (

        select * from {{ study_input(study) }} as study_rows

    ),
    {%- if execute %}
        {%- do assert_categorical_levels(study, study_input_relation(study)) %}
    {%- endif %}

    {% for column in study.categorical -%}
        {{ study.name }}__{{ loop.index }}__levels as (

            select distinct coalesce(cast({{ adapter.quote(column) }} as varchar), 'null') as level_value
            from {{ study.name }}__rows

        ),

    {% endfor -%}
    {{ study.name }}__covariates as (

        {%- for column in study.covariates %}

            select
                '{{ study.name }}' as study_name,
                cast({{ adapter.quote(study.unit) }} as varchar) as unit_id,
                '{{ column }}' as covariate_name,
                '{{ column }}' as source_column,
                false as is_one_hot,
                cast({{ adapter.quote(column) }} as double) as covariate_value
            from {{ study.name }}__rows
            {%- if not loop.last or study.categorical %}

                union all
            {%- endif %}
        {%- endfor %}

        {%- for column in study.categorical %}

            select
                '{{ study.name }}' as study_name,
                cast(study_rows.{{ adapter.quote(study.unit) }} as varchar) as unit_id,
                '{{ column }}=' || levels.level_value as covariate_name,
                '{{ column }}' as source_column,
                true as is_one_hot,
                cast(
                    coalesce(cast(study_rows.{{ adapter.quote(column) }} as varchar), 'null') = levels.level_value
                    as double
                ) as covariate_value
            from {{ study.name }}__rows as study_rows
            cross join {{ study.name }}__{{ loop.index }}__levels as levels
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        studies,
        'covariates',
        [('study_name', 'varchar'), ('unit_id', 'varchar'), ('covariate_name', 'varchar'), ('source_column', 'varchar'), ('is_one_hot', 'boolean'), ('covariate_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
