{% macro declared_studies() %}
    {#- The `studies` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set studies = var('studies', []) or [] -%}
    {%- set required_keys = ['name', 'data', 'unit', 'treatment', 'outcomes', 'covariates'] -%}
    {%- set list_keys = ['outcomes', 'covariates', 'categorical'] -%}
    {%- set known_keys = required_keys + ['categorical', 'estimand', 'where', 'trim'] -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for study in studies -%}
        {%- set label = assert_analysis_keys('studies', 'study', study, loop.index, required_keys, known_keys, seen_names) -%}
        {%- for key in list_keys if study.get(key) is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ key ~ "' must be a list of column names") }}
        {%- endfor -%}
        {%- set adjusters = study.covariates + (study.get('categorical') or []) -%}
        {%- for column in [study.unit, study.treatment] + study.outcomes if column in adjusters -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' is the unit, treatment or an outcome and cannot also be a covariate") }}
        {%- endfor -%}
        {%- set estimand = (study.get('estimand') or 'ATE') | upper -%}
        {%- if estimand not in ['ATE', 'ATT'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": estimand must be ATE or ATT, got '" ~ study.estimand ~ "'") }}
        {%- endif -%}
        {%- set trim = study.get('trim', 0.01) -%}
        {%- if trim is not number or trim < 0 or trim >= 0.5 -%}
            {{ exceptions.raise_compiler_error(label ~ ": trim must be a number in [0, 0.5), got '" ~ trim ~ "'") }}
        {%- endif -%}
        {%- do normalized.append({
            'name': study.name,
            'data': study.data,
            'unit': study.unit,
            'treatment': study.treatment,
            'outcomes': study.outcomes,
            'covariates': study.covariates,
            'categorical': study.get('categorical') or [],
            'estimand': estimand,
            'where': study.get('where'),
            'trim': trim,
        }) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}
