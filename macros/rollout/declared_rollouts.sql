{% macro declared_rollouts() %}
    {#- The `rollouts` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set rollouts = var('rollouts', []) or [] -%}
    {%- set required_keys = ['name', 'data', 'unit', 'period', 'exposure'] -%}
    {%- set list_keys = ['outcomes', 'covariates', 'categorical'] -%}
    {%- set known_keys = required_keys + ['outcome', 'outcomes', 'covariates', 'categorical', 'cluster', 'weight', 'control_group'] -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for rollout in rollouts -%}
        {%- set label = assert_analysis_keys('rollouts', 'rollout', rollout, loop.index, required_keys, known_keys, seen_names) -%}
        {%- for key in list_keys if rollout.get(key) is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ key ~ "' must be a list of column names") }}
        {%- endfor -%}
        {%- if rollout.get('outcome') and rollout.get('outcomes') -%}
            {{ exceptions.raise_compiler_error(label ~ ": declare either 'outcome' or 'outcomes', not both") }}
        {%- endif -%}
        {%- set outcomes = [rollout.outcome] if rollout.get('outcome') else (rollout.get('outcomes') or []) -%}
        {%- if not outcomes -%}
            {{ exceptions.raise_compiler_error(label ~ ": missing required key 'outcome' (or 'outcomes') in var 'rollouts'") }}
        {%- endif -%}
        {%- set adjusters = (rollout.get('covariates') or []) + (rollout.get('categorical') or []) -%}
        {%- for column in [rollout.unit, rollout.period, rollout.exposure] + outcomes if column in adjusters -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' is the unit, period, exposure or an outcome and cannot also be a covariate") }}
        {%- endfor -%}
        {%- set control_group = rollout.get('control_group') or 'never_treated' -%}
        {%- if control_group not in ['never_treated', 'not_yet_treated'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": control_group must be never_treated or not_yet_treated, got '" ~ control_group ~ "'") }}
        {%- endif -%}
        {%- do normalized.append({
            'name': rollout.name,
            'data': rollout.data,
            'unit': rollout.unit,
            'period': rollout.period,
            'exposure': rollout.exposure,
            'outcomes': outcomes,
            'covariates': rollout.get('covariates') or [],
            'categorical': rollout.get('categorical') or [],
            'cluster': rollout.get('cluster') or rollout.unit,
            'weight': rollout.get('weight'),
            'control_group': control_group,
        }) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}
