{% macro hash_fraction(expression) %}
    {#- A deterministic pseudo-uniform number in [0, 1) from the md5 of a text expression. -#}
    {{- return(adapter.dispatch('hash_fraction', 'impactlytics')(expression)) -}}
{% endmacro %}


{% macro default__hash_fraction(expression) %}
    {{ exceptions.raise_compiler_error("hash_fraction is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}


{% macro duckdb__hash_fraction(expression) -%}
    cast(('0x' || left(md5({{ expression }}), 8)) as bigint) / 4294967296.0
{%- endmacro %}
