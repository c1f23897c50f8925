{% test expression_is_true(model, expression, where_clause=none) %}
    {#- Fails on rows where the SQL boolean `expression` is false or null. -#}
    select *
    from {{ model }}
    where
        not coalesce({{ expression }}, false)
        {%- if where_clause %}
        and ({{ where_clause }})
        {%- endif %}
{% endtest %}
