{% macro declared_ad_panels() %}
    {#- The `ad_panels` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set panels = var('ad_panels', []) or [] -%}
    {%- set required_keys = ['name', 'data', 'row_id', 'outcome', 'slope', 'features', 'fixed_effects'] -%}
    {%- set option_defaults = {
        'segment_groups': 4,
        'holdout_share': 0.1,
        'demean_tolerance': 1e-8,
        'demean_max_iterations': 1000,
        'max_epochs': 30,
        'epoch_rows': 1000000,
        'patience': 3,
        'batch_size': none,
        'cross_fit_folds': 2,
    } -%}
    {%- set known_keys = required_keys + ['cluster', 'vendor', 'segment_features'] + option_defaults.keys() | list -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for panel in panels -%}
        {%- set label = assert_analysis_keys('ad_panels', 'ad panel', panel, loop.index, required_keys, known_keys, seen_names) -%}
        {%- set slopes = [panel.slope] if panel.slope is string else panel.slope -%}
        {%- for key in ['features', 'fixed_effects', 'segment_features'] if panel.get(key) is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ key ~ "' must be a list of column names") }}
        {%- endfor -%}
        {%- set roles = [panel.row_id, panel.outcome] + slopes + panel.features + panel.fixed_effects -%}
        {%- for column in roles if roles.count(column) > 1 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' is declared in more than one role (row_id, outcome, slope, features, fixed_effects)") }}
        {%- endfor -%}
        {%- set vendor = panel.get('vendor') or (panel.fixed_effects[1] if panel.fixed_effects | length > 1 else panel.fixed_effects[0]) -%}
        {%- if vendor not in panel.fixed_effects -%}
            {{ exceptions.raise_compiler_error(label ~ ": vendor '" ~ vendor ~ "' must be one of the fixed_effects") }}
        {%- endif -%}
        {%- set segment_features = panel.get('segment_features') or [] -%}
        {%- for feature in segment_features if feature not in panel.features -%}
            {{ exceptions.raise_compiler_error(label ~ ": segment feature '" ~ feature ~ "' must be one of the features") }}
        {%- endfor -%}
        {%- set folds = panel.get('cross_fit_folds', 2) -%}
        {%- if folds is not number or folds != folds | int or folds < 1 -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'cross_fit_folds' must be a whole number of at least 1 (1: no cross-fitting), not " ~ folds) }}
        {%- endif -%}
        {%- set spec = {
            'name': panel.name,
            'data': panel.data,
            'row_id': panel.row_id,
            'outcome': panel.outcome,
            'slopes': slopes,
            'features': panel.features,
            'fixed_effects': panel.fixed_effects,
            'cluster': panel.get('cluster') or panel.fixed_effects[0],
            'vendor': vendor,
            'segment_features': segment_features,
        } -%}
        {%- for key, default in option_defaults.items() -%}
            {%- do spec.update({key: panel.get(key, default)}) -%}
        {%- endfor -%}
        {%- do normalized.append(spec) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}
