{% macro assert_analysis_keys(var_name, kind, analysis, index, required_keys, known_keys, seen_names) %}
    {#-
        Checks one entry of a declared-analyses var (required and unknown keys, name pattern,
        duplicate names, appending the name to `seen_names`); returns how messages name it.
    -#}
    {%- set label = kind ~ " '" ~ analysis.get('name', '#' ~ index) ~ "'" -%}
    {%- for key in required_keys if not analysis.get(key) -%}
        {{ exceptions.raise_compiler_error(label ~ ": missing required key '" ~ key ~ "' in var '" ~ var_name ~ "'") }}
    {%- endfor -%}
    {%- for key in analysis if key not in known_keys -%}
        {{ exceptions.raise_compiler_error(label ~ ": unknown key '" ~ key ~ "' in var '" ~ var_name ~ "' (known keys: " ~ known_keys | join(', ') ~ ")") }}
    {%- endfor -%}
    {%- if not modules.re.match('^[a-z][a-z0-9_]*$', analysis.name | string) -%}
        {{ exceptions.raise_compiler_error(label ~ ": name must match [a-z][a-z0-9_]*") }}
    {%- endif -%}
    {%- if analysis.name in seen_names -%}
        {{ exceptions.raise_compiler_error(label ~ ": declared twice in var '" ~ var_name ~ "'") }}
    {%- endif -%}
    {%- do seen_names.append(analysis.name) -%}
    {{- return(label) -}}
{% endmacro %}
