{% macro file_loaded_at(relation) %}
    {#- A query returning when a file-backed source was last written (its modification time), for `loaded_at_query`. -#}
    {{- return(adapter.dispatch('file_loaded_at', 'impactlytics')(relation)) -}}
{% endmacro %}


{% macro default__file_loaded_at(relation) %}
    {{ exceptions.raise_compiler_error("file modification times are not supported on adapter " ~ adapter.type() ~ "; give source " ~ relation ~ " a loaded_at_field instead") }}
{% endmacro %}


{% macro duckdb__file_loaded_at(relation) -%}
    select cast(max(last_modified) as timestamp) from read_blob({{ relation }})
{%- endmacro %}
