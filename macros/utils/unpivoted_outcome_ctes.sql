{% macro unpivoted_outcome_ctes(name, analysis_column, unit, outcomes, key_columns=[]) %}
    {#-
        CTE '<name>__outcomes': one row per row of CTE '<name>__rows' and outcome column, with the
        analysis name, the unit as text, the `key_columns` (SQL select expressions, e.g. a period)
        and the outcome as double; null outcomes are kept. Followed by a comma.
    -#}
    {{ name }}__outcomes as (

        {%- for column in outcomes %}

            select
                '{{ name }}' as {{ analysis_column }},
                cast({{ adapter.quote(unit) }} as varchar) as unit_id,
                {%- for key_column in key_columns %}
                {{ key_column }},
                {%- endfor %}
                '{{ column }}' as outcome_name,
                cast({{ adapter.quote(column) }} as double) as outcome_value
            from {{ name }}__rows
            {%- if not loop.last %}

                union all
            {%- endif %}
        {%- endfor %}

    ),
{% endmacro %}
