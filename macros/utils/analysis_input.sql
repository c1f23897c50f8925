{% macro analysis_input_relation(label, data) %}
    {#- Resolves an analysis input (source:<source>.<table>, ref:<model> or a file path) to a relation. -#}
    {%- set data = data | string -%}
    {%- if data.startswith('source:') -%}
        {%- set parts = data[7:].split('.') -%}
        {%- if parts | length != 2 -%}
            {{ exceptions.raise_compiler_error(label ~ ": data '" ~ data ~ "' must look like source:<source_name>.<table_name>") }}
        {%- endif -%}
        {{- return(source(parts[0], parts[1])) -}}
    {%- elif data.startswith('ref:') -%}
        {{- return(ref(data[4:])) -}}
    {%- else -%}
        {{- return(read_data_file(data, label)) -}}
    {%- endif -%}
{% endmacro %}


{% macro read_data_file(path, label) %}
    {{- return(adapter.dispatch('read_data_file', 'impactlytics')(path, label)) -}}
{% endmacro %}


{% macro default__read_data_file(path, label) %}
    {{ exceptions.raise_compiler_error(label ~ ": reading files directly is not supported on adapter " ~ adapter.type() ~ "; load '" ~ path ~ "' as a source instead") }}
{% endmacro %}


{% macro duckdb__read_data_file(path, label) %}
    {%- set quoted = "'" ~ (path | replace("'", "''")) ~ "'" -%}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.csv') or lowered.endswith('.csv.gz') -%}
        {{- return('read_csv_auto(' ~ quoted ~ ')') -}}
    {%- elif lowered.endswith('.parquet') -%}
        {{- return('read_parquet(' ~ quoted ~ ')') -}}
    {%- elif lowered.endswith('.json') or lowered.endswith('.jsonl') or lowered.endswith('.ndjson') -%}
        {{- return('read_json_auto(' ~ quoted ~ ')') -}}
    {%- else -%}
        {{ exceptions.raise_compiler_error(label ~ ": data '" ~ path ~ "' is neither source:<source>.<table>, ref:<model>, nor a .csv/.parquet/.json file") }}
    {%- endif -%}
{% endmacro %}


{% macro assert_input_columns(label, relation, roles, numeric_roles=[]) %}
    {#-
        Fails the build, naming the analysis (`label`) and the column, when a column of `roles`
        (a list of (role, [columns]) pairs) is missing from `relation`, or when a column of a role
        in `numeric_roles` is not numeric or holds NaN or infinite values; and, naming the table,
        when `relation` has no rows.
    -#}
    {%- set column_types = input_column_types(relation) -%}
    {%- do assert_column_types(label, column_types, roles, numeric_roles) -%}
    {%- set float_columns = [] -%}
    {%- for role, columns in roles if role in numeric_roles -%}
        {%- for column in columns if is_float_type(column_types[column | lower]) -%}
            {%- do float_columns.append((role, column)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set counts = ['count(*)'] -%}
    {%- for role, column in float_columns -%}
        {%- do counts.append('count(*) filter (where ' ~ is_not_finite(adapter.quote(column)) ~ ')') -%}
    {%- endfor -%}
    {%- set counted = run_query('select ' ~ counts | join(', ') ~ ' from ' ~ relation).rows[0] -%}
    {%- if counted[0] == 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": table " ~ relation ~ " has no rows") }}
    {%- endif -%}
    {%- for role, column in float_columns -%}
        {%- if counted[loop.index] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' (" ~ role ~ ") has " ~ counted[loop.index] ~ " NaN or infinite values") }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}


{% macro assert_column_types(label, column_types, roles, numeric_roles) %}
    {#- The missing- and non-numeric-column checks of assert_input_columns. -#}
    {%- for role, columns in roles -%}
        {%- for column in columns -%}
            {%- if (column | lower) not in column_types -%}
                {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' (" ~ role ~ ") not found; available columns: " ~ column_types.keys() | list | join(', ')) }}
            {%- endif -%}
            {%- if role in numeric_roles and not is_numeric_type(column_types[column | lower]) -%}
                {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' (" ~ role ~ ") has type " ~ column_types[column | lower] ~ ", expected a numeric type" ~ ("; list it under 'categorical' instead" if role == 'covariates' else "")) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}


{% macro is_numeric_type(data_type) %}
    {%- set numeric_prefixes = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'REAL', 'BOOLEAN', 'INT', 'NUMERIC'] -%}
    {%- for prefix in numeric_prefixes if data_type.startswith(prefix) -%}
        {{- return(true) -}}
    {%- endfor -%}
    {{- return(false) -}}
{% endmacro %}


{% macro is_float_type(data_type) %}
    {#- Floating-point types, the ones that can hold NaN and infinities. -#}
    {{- return(data_type.startswith('FLOAT') or data_type.startswith('DOUBLE') or data_type.startswith('REAL')) -}}
{% endmacro %}


{% macro is_not_finite(expression) %}
    {#- A SQL condition true where the floating-point `expression` is NaN or infinite. -#}
    {{- return(adapter.dispatch('is_not_finite', 'impactlytics')(expression)) -}}
{% endmacro %}


{% macro default__is_not_finite(expression) -%}
    {{ expression }} in (cast('NaN' as double precision), cast('Infinity' as double precision), cast('-Infinity' as double precision))
{%- endmacro %}


{% macro duckdb__is_not_finite(expression) -%}
    not isfinite({{ expression }})
{%- endmacro %}


{% macro input_column_types(relation) %}
    {#- {lowercased column name: uppercased type name} of a relation or table-function call. -#}
    {{- return(adapter.dispatch('input_column_types', 'impactlytics')(relation)) -}}
{% endmacro %}


{% macro default__input_column_types(relation) %}
    {%- set column_types = {} -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do column_types.update({column.name | lower: column.data_type | upper}) -%}
    {%- endfor -%}
    {{- return(column_types) -}}
{% endmacro %}


{% macro duckdb__input_column_types(relation) %}
    {%- set described = run_query('describe select * from ' ~ relation) -%}
    {%- set column_types = {} -%}
    {%- for row in described.rows -%}
        {%- do column_types.update({row[0] | lower: row[1] | upper}) -%}
    {%- endfor -%}
    {{- return(column_types) -}}
{% endmacro %}
