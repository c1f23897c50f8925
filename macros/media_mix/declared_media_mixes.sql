{% macro declared_media_mixes() %}
    {#- The `media_mixes` var, validated and completed with defaults; fails at compile time on a bad spec. -#}
    {%- set mixes = var('media_mixes', []) or [] -%}
    {%- set required_keys = ['name', 'metrics', 'outcome'] -%}
    {%- set known_keys = required_keys + ['overlap', 'controls', 'truth', 'grain', 'channels', 'driver', 'audience_size', 'fourier_harmonics', 'cv_candidates', 'cv_folds', 'bootstrap_draws', 'bootstrap_block_days', 'validation_days', 'test_days', 'budget'] -%}
    {%- set seen_names = [] -%}
    {%- set normalized = [] -%}
    {%- for mix in mixes -%}
        {%- set label = assert_analysis_keys('media_mixes', 'media mix', mix, loop.index, required_keys, known_keys, seen_names) -%}
        {%- set grain = mix.get('grain') or 'hour' -%}
        {%- if grain not in ['hour', 'day'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": grain must be hour or day, got '" ~ grain ~ "'") }}
        {%- endif -%}
        {%- set driver = mix.get('driver') or 'spend' -%}
        {%- if driver not in ['spend', 'impressions', 'reach'] -%}
            {{ exceptions.raise_compiler_error(label ~ ": driver must be spend, impressions or reach, got '" ~ driver ~ "'") }}
        {%- endif -%}
        {%- if mix.get('channels') is string -%}
            {{ exceptions.raise_compiler_error(label ~ ": 'channels' must be a list of channel names") }}
        {%- endif -%}
        {%- set harmonics = {'daily': 4, 'weekly': 3, 'yearly': 2} -%}
        {%- for cycle, count in (mix.get('fourier_harmonics') or {}).items() -%}
            {%- if cycle not in harmonics or count is not number or count < 0 or count > 12 -%}
                {{ exceptions.raise_compiler_error(label ~ ": fourier_harmonics takes daily, weekly and yearly counts from 0 to 12, got " ~ cycle ~ ": " ~ count) }}
            {%- endif -%}
            {%- do harmonics.update({cycle: count | int}) -%}
        {%- endfor -%}
        {%- set candidates = mix.get('cv_candidates') or [{'name': 'geometric', 'carryover': 'geometric'}, {'name': 'weibull', 'carryover': 'weibull'}] -%}
        {%- for candidate in candidates -%}
            {%- if candidate is not mapping or not candidate.get('name') or candidate.get('carryover', 'geometric') not in ['geometric', 'weibull'] or (candidate.keys() | list | reject('in', ['name', 'carryover']) | list) -%}
                {{ exceptions.raise_compiler_error(label ~ ": each of cv_candidates needs a name and carryover geometric or weibull (no other keys), got " ~ candidate) }}
            {%- endif -%}
        {%- endfor -%}
        {%- set counts = {'cv_folds': 3, 'bootstrap_draws': 100, 'bootstrap_block_days': 7, 'validation_days': 14, 'test_days': 14} -%}
        {%- for key in counts if mix.get(key) is not none -%}
            {%- if mix[key] is not number or mix[key] < 1 or mix[key] != mix[key] | int -%}
                {{ exceptions.raise_compiler_error(label ~ ": " ~ key ~ " must be a positive whole number, got '" ~ mix[key] ~ "'") }}
            {%- endif -%}
            {%- do counts.update({key: mix[key] | int}) -%}
        {%- endfor -%}
        {%- set budget = mix.get('budget') or {} -%}
        {%- if budget is not mapping or (budget.keys() | list | reject('in', ['total', 'bounds', 'fixed']) | list) -%}
            {{ exceptions.raise_compiler_error(label ~ ": budget takes the keys total, bounds ({channel: [lower, upper]} multiples of observed spend) and fixed (a list of channels)") }}
        {%- endif -%}
        {%- for channel, bounds in (budget.get('bounds') or {}).items() -%}
            {%- if bounds is string or bounds | length != 2 or bounds[0] < 0 or bounds[0] > bounds[1] -%}
                {{ exceptions.raise_compiler_error(label ~ ": budget bounds of '" ~ channel ~ "' must be [lower, upper] multiples of its observed spend with 0 <= lower <= upper") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set spec = {
            'name': mix.name,
            'metrics': mix.metrics,
            'outcome': mix.outcome,
            'overlap': mix.get('overlap'),
            'controls': mix.get('controls'),
            'truth': mix.get('truth'),
            'grain': grain,
            'channels': mix.get('channels') or [],
            'driver': driver,
            'audience_size': mix.get('audience_size'),
            'fourier_harmonics': harmonics,
            'cv_candidates': candidates,
            'budget': {'total': budget.get('total'), 'bounds': budget.get('bounds') or {}, 'fixed': budget.get('fixed') or []},
        } -%}
        {%- do spec.update(counts) -%}
        {%- do normalized.append(spec) -%}
    {%- endfor -%}
    {{- return(normalized) -}}
{% endmacro %}


{% macro media_mix_label(mix, table) %}
    {{- return("media mix '" ~ mix.name ~ "' (" ~ table ~ " " ~ mix[table] ~ ")") -}}
{% endmacro %}


{% macro media_mix_relation(mix, table) %}
    {#- The relation of one of a media mix's inputs (metrics, outcome, overlap, controls, truth). -#}
    {{- return(analysis_input_relation(media_mix_label(mix, table), mix[table])) -}}
{% endmacro %}


{% macro media_mix_period(mix, column='ts') %}
    {#- The period a row's timestamp falls in at the media mix's grain. -#}
    {%- if mix.grain == 'day' -%}
        {{- return("date_trunc('day', cast(" ~ column ~ " as timestamp))") -}}
    {%- endif -%}
    {{- return("cast(" ~ column ~ " as timestamp)") -}}
{% endmacro %}


{% macro media_mix_channels(mix) %}
    {#- The declared channels, or every channel in the metrics input (known only when executing). -#}
    {%- if mix.channels or not execute -%}
        {{- return(mix.channels) -}}
    {%- endif -%}
    {%- set rows = run_query('select distinct cast(channel as varchar) from ' ~ media_mix_relation(mix, 'metrics') ~ ' where channel is not null order by 1').rows -%}
    {{- return(rows | map(attribute=0) | list) -}}
{% endmacro %}


{% macro hours_since_epoch(expression) %}
    {{- return(adapter.dispatch('hours_since_epoch', 'impactlytics')(expression)) -}}
{% endmacro %}


{% macro default__hours_since_epoch(expression) %}
    {{ exceptions.raise_compiler_error("hours_since_epoch is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}


{% macro duckdb__hours_since_epoch(expression) -%}
    (epoch({{ expression }}) / 3600.0)
{%- endmacro %}
