{% macro declared_experiments() %}
    {#- The `experiments` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set experiments = var('experiments', []) or [] -%}
    {%- set required_keys = ['name', 'data', 'unit', 'arms'] -%}
    {%- set known_keys = required_keys + ['strata', 'salt', 'metric', 'covariates', 'observed_arm', 'alpha', 'power'] -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for experiment in experiments -%}
        {%- set label = assert_analysis_keys('experiments', 'experiment', experiment, loop.index, required_keys, known_keys, seen_names) -%}
        {%- for key in ['strata', 'covariates'] if experiment.get(key) is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ key ~ "' must be a list of column names") }}
        {%- endfor -%}
        {%- if experiment.arms is not mapping or experiment.arms | length < 2 -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'arms' must map at least two arm names to their planned shares, e.g. {control: 0.5, treatment: 0.5}") }}
        {%- endif -%}
        {%- set shares = [] -%}
        {%- for arm, share in experiment.arms.items() -%}
            {%- if share is not number or share <= 0 -%}
                {{ exceptions.raise_compiler_error(label ~ ": arm '" ~ arm ~ "' has share '" ~ share ~ "', expected a positive number") }}
            {%- endif -%}
            {%- do shares.append(share) -%}
        {%- endfor -%}
        {%- if (shares | sum - 1.0) | abs > 1e-9 -%}
            {{ exceptions.raise_compiler_error(label ~ ": arm shares sum to " ~ shares | sum ~ ", expected 1") }}
        {%- endif -%}
        {%- for key, low, high in [('alpha', 0.0, 0.5), ('power', 0.5, 1.0)] -%}
            {%- set value = experiment.get(key, 0.05 if key == 'alpha' else 0.8) -%}
            {%- if value is not number or value <= low or value >= high -%}
                {{ exceptions.raise_compiler_error(label ~ ": " ~ key ~ " must be a number in (" ~ low ~ ", " ~ high ~ "), got '" ~ value ~ "'") }}
            {%- endif -%}
        {%- endfor -%}
        {%- do normalized.append({
            'name': experiment.name,
            'data': experiment.data,
            'unit': experiment.unit,
            'arms': experiment.arms,
            'control_arm': (experiment.arms.keys() | list)[0],
            'strata': experiment.get('strata') or [],
            'salt': (experiment.get('salt') or experiment.name) | string,
            'metric': experiment.get('metric'),
            'covariates': experiment.get('covariates') or [],
            'observed_arm': experiment.get('observed_arm'),
            'alpha': experiment.get('alpha', 0.05),
            'power': experiment.get('power', 0.8),
        }) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}


{% macro experiment_units(experiment) %}
    {#-
        The units of an experiment as a subquery, after checking at run time that the declared
        columns exist (metric and covariates numeric) and that unit ids are present and unique.
    -#}
    {%- set label = "experiment '" ~ experiment.name ~ "' (data " ~ experiment.data ~ ")" -%}
    {%- set relation = analysis_input_relation("experiment '" ~ experiment.name ~ "'", experiment.data) -%}
    {%- if execute -%}
        {%- do assert_input_columns(
            label,
            relation,
            [('unit', [experiment.unit]), ('strata', experiment.strata), ('metric', [experiment.metric] if experiment.metric else []), ('covariates', experiment.covariates), ('observed_arm', [experiment.observed_arm] if experiment.observed_arm else [])],
            ['metric', 'covariates']
        ) -%}
        {%- set unit = adapter.quote(experiment.unit) -%}
        {%- set counts = run_query('select count(*) filter (where ' ~ unit ~ ' is null), count(' ~ unit ~ ') - count(distinct ' ~ unit ~ ') from ' ~ relation).rows[0] -%}
        {%- if counts[0] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": unit column '" ~ experiment.unit ~ "' has " ~ counts[0] ~ " null values") }}
        {%- endif -%}
        {%- if counts[1] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": unit column '" ~ experiment.unit ~ "' has " ~ counts[1] ~ " repeated ids; declare one row per unit") }}
        {%- endif -%}
    {%- endif -%}
    ({{ 'select * from ' ~ relation }})
{% endmacro %}


{% macro unit_interval_hash(expression) %}
    {#- A deterministic pseudo-uniform number in [0, 1) from the md5 of a text expression. -#}
    {{- return(adapter.dispatch('unit_interval_hash', 'impactlytics')(expression)) -}}
{% endmacro %}


{% macro default__unit_interval_hash(expression) -%}
    cast(('x' || substr(md5({{ expression }}), 1, 8))::bit(32)::bigint as double) / 4294967296.0
{%- endmacro %}


{% macro duckdb__unit_interval_hash(expression) -%}
    cast(cast('0x' || substr(md5({{ expression }}), 1, 8) as bigint) as double) / 4294967296.0
{%- endmacro %}
