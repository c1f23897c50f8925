{% macro read_json_lines(path, columns) %}
    {#- A relation over a newline-delimited JSON file with the given {column: type} schema, skipping malformed lines. -#}
    {{- return(adapter.dispatch('read_json_lines', 'impactlytics')(path, columns)) -}}
{% endmacro %}


{% macro default__read_json_lines(path, columns) %}
    {{ exceptions.raise_compiler_error("reading JSON lines files is not supported on adapter " ~ adapter.type() ~ "; load '" ~ path ~ "' as a source instead") }}
{% endmacro %}


{% macro duckdb__read_json_lines(path, columns) -%}
    read_json(
        '{{ path | replace("'", "''") }}',
        format = 'newline_delimited',
        ignore_errors = true,
        columns = { {%- for name, type in columns.items() %}'{{ name }}': '{{ type }}'{{ ', ' if not loop.last }}{% endfor -%} }
    )
{%- endmacro %}
