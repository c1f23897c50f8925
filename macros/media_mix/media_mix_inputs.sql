{% macro assert_media_mix_inputs(mix, channels) %}
    {#-
        Fails the build, naming the media mix, the input table and the column, before anything
        is fitted: missing or non-numeric columns; null, NaN or negative spend, impressions or
        reach; repeated ts x channel rows; a declared channel absent from the metrics; gaps in
        the hourly time index (a channel without a row for every hour of the range); overlap
        rows naming an unknown channel, with a negative overlap or one larger than either
        channel's reach; an outcome (or a control) that does not cover the metrics' hours.
    -#}
    {%- set metrics = media_mix_relation(mix, 'metrics') -%}
    {%- set label = media_mix_label(mix, 'metrics') -%}
    {%- do assert_input_columns(label, metrics, [('time', ['ts']), ('channel', ['channel']), ('activity', ['spend', 'impressions', 'reach', 'frequency'])], ['activity']) -%}
    {%- for column in ['spend', 'impressions', 'reach', 'frequency'] -%}
        {%- do media_mix_assert_none(label, column, metrics, adapter.quote(column) ~ ' is null or isnan(cast(' ~ adapter.quote(column) ~ ' as double)) or ' ~ adapter.quote(column) ~ ' < 0', 'null, NaN or negative values') -%}
    {%- endfor -%}
    {%- do media_mix_assert_none(label, 'ts', metrics, 'ts is null or channel is null', 'rows with a null ts or channel') -%}
    {%- do media_mix_assert_none(label, 'ts', metrics, 'cast(ts as timestamp) <> date_trunc(\'hour\', cast(ts as timestamp))', 'timestamps that are not whole hours') -%}
    {%- set repeated = run_query('select count(*) - count(distinct (cast(ts as timestamp), channel)) from ' ~ metrics).rows[0][0] -%}
    {%- if repeated > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": " ~ repeated ~ " repeated rows of column 'ts' x column 'channel'") }}
    {%- endif -%}
    {%- set channel_list = "('" ~ channels | join("', '") ~ "')" -%}
    {%- set present = run_query('select distinct cast(channel as varchar) from ' ~ metrics).rows | map(attribute=0) | list -%}
    {%- for channel in channels if channel not in present -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'channel' has no rows for declared channel '" ~ channel ~ "'") }}
    {%- endfor -%}
    {%- set span = run_query(
        'with hours as (select cast(ts as timestamp) as ts, channel from ' ~ metrics ~ ' where channel in ' ~ channel_list ~ ')'
        ~ ' select cast(' ~ hours_since_epoch('max(ts)') ~ ' - ' ~ hours_since_epoch('min(ts)') ~ ' as bigint) + 1, min(ts), max(ts),'
        ~ ' (select max(n) - min(n) from (select count(*) as n from hours group by channel) as per_channel), count(distinct ts) from hours'
    ).rows[0] -%}
    {%- if span[4] != span[0] or span[3] != 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'ts' has gaps: " ~ span[4] ~ " distinct hours between " ~ span[1] ~ " and " ~ span[2] ~ " where " ~ span[0] ~ " are expected, and every channel needs a row for every hour (zero spend allowed)") }}
    {%- endif -%}
    {%- do assert_media_mix_outcome(mix, metrics) -%}
    {%- if mix.overlap -%}
        {%- do assert_media_mix_overlap(mix, metrics, channels) -%}
    {%- endif -%}
    {%- if mix.controls -%}
        {%- do assert_media_mix_controls(mix, metrics) -%}
    {%- endif -%}
    {%- if mix.truth -%}
        {%- do assert_input_columns(media_mix_label(mix, 'truth'), media_mix_relation(mix, 'truth'), [('channel', ['channel']), ('truth', ['true_roi', 'half_life_hours'])], ['truth']) -%}
    {%- endif -%}
{% endmacro %}


{% macro assert_media_mix_outcome(mix, metrics) %}
    {%- set outcome = media_mix_relation(mix, 'outcome') -%}
    {%- set label = media_mix_label(mix, 'outcome') -%}
    {%- do assert_input_columns(label, outcome, [('time', ['ts']), ('outcome', ['value'])], ['outcome']) -%}
    {%- do media_mix_assert_none(label, 'value', outcome, 'value is null or isnan(cast(value as double))', 'null or NaN values') -%}
    {%- set repeated = run_query('select count(*) - count(distinct cast(ts as timestamp)) from ' ~ outcome).rows[0][0] -%}
    {%- if repeated > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": " ~ repeated ~ " repeated values of column 'ts'") }}
    {%- endif -%}
    {%- set missing = run_query(
        'select count(*), min(hours.ts) from (select distinct cast(ts as timestamp) as ts from ' ~ metrics ~ ') as hours'
        ~ ' where hours.ts not in (select cast(ts as timestamp) from ' ~ outcome ~ ' where ts is not null)'
    ).rows[0] -%}
    {%- if missing[0] > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'ts' does not cover the metrics' time range: " ~ missing[0] ~ " hours of the metrics have no outcome, the first at " ~ missing[1]) }}
    {%- endif -%}
{% endmacro %}


{% macro assert_media_mix_overlap(mix, metrics, channels) %}
    {%- set overlap = media_mix_relation(mix, 'overlap') -%}
    {%- set label = media_mix_label(mix, 'overlap') -%}
    {%- do assert_input_columns(label, overlap, [('time', ['ts']), ('pair', ['channel_a', 'channel_b']), ('overlap', ['overlap_reach'])], ['overlap']) -%}
    {%- set channel_list = "('" ~ channels | join("', '") ~ "')" -%}
    {%- for column in ['channel_a', 'channel_b'] -%}
        {%- set unknown = run_query('select count(*), min(' ~ column ~ ') from ' ~ overlap ~ ' where ' ~ column ~ ' is null or ' ~ column ~ ' not in ' ~ channel_list).rows[0] -%}
        {%- if unknown[0] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' names " ~ unknown[0] ~ " times a channel that is not in the model (e.g. '" ~ unknown[1] ~ "'; channels: " ~ channels | join(', ') ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {%- do media_mix_assert_none(label, 'overlap_reach', overlap, 'overlap_reach is null or isnan(cast(overlap_reach as double)) or overlap_reach < 0 or channel_a = channel_b', 'null, NaN or negative values, or a channel paired with itself') -%}
    {%- set too_large = run_query(
        'select count(*) from ' ~ overlap ~ ' as o'
        ~ ' inner join ' ~ metrics ~ ' as a on cast(o.ts as timestamp) = cast(a.ts as timestamp) and o.channel_a = a.channel'
        ~ ' inner join ' ~ metrics ~ ' as b on cast(o.ts as timestamp) = cast(b.ts as timestamp) and o.channel_b = b.channel'
        ~ ' where o.overlap_reach > least(a.reach, b.reach)'
    ).rows[0][0] -%}
    {%- if too_large > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'overlap_reach' exceeds the reach of one of its two channels in " ~ too_large ~ " rows") }}
    {%- endif -%}
    {%- set repeated = run_query('select count(*) - count(distinct (cast(ts as timestamp), least(channel_a, channel_b), greatest(channel_a, channel_b))) from ' ~ overlap).rows[0][0] -%}
    {%- if repeated > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": " ~ repeated ~ " repeated rows of column 'ts' x the unordered pair (channel_a, channel_b)") }}
    {%- endif -%}
{% endmacro %}


{% macro assert_media_mix_controls(mix, metrics) %}
    {%- set controls = media_mix_relation(mix, 'controls') -%}
    {%- set label = media_mix_label(mix, 'controls') -%}
    {%- do assert_input_columns(label, controls, [('time', ['ts']), ('name', ['name']), ('control', ['value'])], ['control']) -%}
    {%- do media_mix_assert_none(label, 'value', controls, 'value is null or isnan(cast(value as double)) or name is null', 'null or NaN values or null names') -%}
    {%- set missing = run_query(
        'select count(*) from (select distinct cast(ts as timestamp) as ts from ' ~ metrics ~ ') as hours'
        ~ ' cross join (select distinct name from ' ~ controls ~ ') as names'
        ~ ' left join ' ~ controls ~ ' as given on cast(given.ts as timestamp) = hours.ts and given.name = names.name'
        ~ ' where given.name is null'
    ).rows[0][0] -%}
    {%- if missing > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'ts' does not cover the metrics' time range: " ~ missing ~ " hour x control name pairs are missing") }}
    {%- endif -%}
{% endmacro %}


{% macro media_mix_assert_none(label, column, relation, condition, what) %}
    {#- Fails naming `column` when rows of `relation` match the SQL `condition`. -#}
    {%- set count = run_query('select count(*) from ' ~ relation ~ ' where ' ~ condition).rows[0][0] -%}
    {%- if count > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' has " ~ count ~ " " ~ what) }}
    {%- endif -%}
{% endmacro %}
