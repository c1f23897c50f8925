{% macro union_analysis_ctes(analyses, cte_suffix, empty_columns) %}
    {#-
        `union all` of the CTEs named '<analysis name>__<cte_suffix>'; when no analysis is declared,
        a typed empty select with `empty_columns` (a list of (name, type) pairs) so downstream
        models still build.
    -#}
    {%- for analysis in analyses %}
    select * from {{ analysis.name }}__{{ cte_suffix }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
    {%- for column_name, column_type in empty_columns %}
        cast(null as {{ column_type }}) as {{ column_name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where false
    {%- endfor %}
{% endmacro %}
