{% macro unpivoted_covariate_ctes(name, analysis_column, unit, covariates, categorical) %}
    {#-
        CTEs '<name>__<i>__levels' (one per categorical column) and '<name>__covariates': one row
        per unit of CTE '<name>__rows' and covariate, numeric columns cast to double and each
        categorical column one 0/1 indicator per observed level, named '<column>=<level>'.
        Each CTE is followed by a comma; with no covariate at all the rows are a typed empty set.
    -#}
    {% for column in categorical -%}
        {{ name }}__{{ loop.index }}__levels as (

            select distinct coalesce(cast({{ adapter.quote(column) }} as varchar), 'null') as level_value
            from {{ name }}__rows

        ),

    {% endfor -%}
    {{ name }}__covariates as (

        {%- for column in covariates %}

            select
                '{{ name }}' as {{ analysis_column }},
                cast({{ adapter.quote(unit) }} as varchar) as unit_id,
                '{{ column }}' as covariate_name,
                '{{ column }}' as source_column,
                false as is_one_hot,
                cast({{ adapter.quote(column) }} as double) as covariate_value
            from {{ name }}__rows
            {%- if not loop.last or categorical %}

                union all
            {%- endif %}
        {%- endfor %}

        {%- for column in categorical %}

            select
                '{{ name }}' as {{ analysis_column }},
                cast(analysis_rows.{{ adapter.quote(unit) }} as varchar) as unit_id,
                '{{ column }}=' || levels.level_value as covariate_name,
                '{{ column }}' as source_column,
                true as is_one_hot,
                cast(
                    coalesce(cast(analysis_rows.{{ adapter.quote(column) }} as varchar), 'null') = levels.level_value
                    as double
                ) as covariate_value
            from {{ name }}__rows as analysis_rows
            cross join {{ name }}__{{ loop.index }}__levels as levels
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

        {%- if not covariates and not categorical %}

            select
                cast(null as varchar) as {{ analysis_column }},
                cast(null as varchar) as unit_id,
                cast(null as varchar) as covariate_name,
                cast(null as varchar) as source_column,
                cast(null as boolean) as is_one_hot,
                cast(null as double) as covariate_value
            where false
        {%- endif %}

    ),
{% endmacro %}
