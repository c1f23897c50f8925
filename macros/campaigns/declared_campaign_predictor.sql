{% macro declared_campaign_predictor() %}
    {#-
        The `campaign_predictor` var as a list of zero or one normalized analyses (empty when the
        var is null), validated at compile time and completed with defaults.
    -#}
    {%- set declared = var('campaign_predictor', none) -%}
    {%- if not declared -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- if declared is not mapping -%}
        {{ exceptions.raise_compiler_error("var 'campaign_predictor' must be a mapping with a 'data' key, got '" ~ declared ~ "'") }}
    {%- endif -%}
    {%- set analysis = {'name': 'campaign_predictor'} -%}
    {%- do analysis.update(declared) -%}
    {%- set known_keys = ['name', 'data', 'confidence_level', 'test_share', 'calibration_share', 'spend_levels', 'interval_group'] -%}
    {%- set label = assert_analysis_keys('campaign_predictor', 'analysis', analysis, 1, ['name', 'data'], known_keys, []) -%}
    {%- set confidence_level = analysis.get('confidence_level', 0.95) -%}
    {%- if confidence_level is not number or confidence_level <= 0 or confidence_level >= 1 -%}
        {{ exceptions.raise_compiler_error(label ~ ": confidence_level must be a number in (0, 1), got '" ~ confidence_level ~ "'") }}
    {%- endif -%}
    {%- set test_share = analysis.get('test_share', 0.2) -%}
    {%- set calibration_share = analysis.get('calibration_share', 0.2) -%}
    {%- for key, share in [('test_share', test_share), ('calibration_share', calibration_share)] if share is not number or share <= 0 or share >= 0.5 -%}
        {{ exceptions.raise_compiler_error(label ~ ": " ~ key ~ " must be a number in (0, 0.5), got '" ~ share ~ "'") }}
    {%- endfor -%}
    {%- set spend_levels = analysis.get('spend_levels', 20) -%}
    {%- if spend_levels is not number or spend_levels < 2 or spend_levels > 200 -%}
        {{ exceptions.raise_compiler_error(label ~ ": spend_levels must be a whole number from 2 to 200, got '" ~ spend_levels ~ "'") }}
    {%- endif -%}
    {%- set interval_group = analysis.get('interval_group') -%}
    {%- if interval_group is not none and interval_group not in ['platform', 'campaign_type', 'content_type'] -%}
        {{ exceptions.raise_compiler_error(label ~ ": interval_group must be platform, campaign_type, content_type or null, got '" ~ interval_group ~ "'") }}
    {%- endif -%}
    {{- return([{
        'name': analysis.name,
        'data': analysis.data,
        'confidence_level': confidence_level,
        'test_share': test_share,
        'calibration_share': calibration_share,
        'spend_levels': spend_levels | int,
        'interval_group': interval_group,
    }]) -}}
{% endmacro %}
