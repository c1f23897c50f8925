{% macro metric_rows(relation, key_columns, metrics) %}
    {#-
        `union all` of one select per metric column of `relation`: the `key_columns` (SQL select
        expressions), the metric's name as `metric` and its value as `value`; the long shape of
        every domain's recovery metrics.
    -#}
    {%- for metric in metrics %}

    select
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
        '{{ metric }}' as metric,
        {{ metric }} as value
    from {{ relation }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
