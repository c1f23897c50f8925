{% macro percentile(expression, fraction) %}
    {{- return(adapter.dispatch('percentile', 'impactlytics')(expression, fraction)) -}}
{% endmacro %}


{% macro default__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}


{% macro duckdb__percentile(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}
