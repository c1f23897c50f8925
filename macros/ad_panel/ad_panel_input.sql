{% macro ad_panel_label(panel) %}
    {{- return("ad panel '" ~ panel.name ~ "' (data " ~ panel.data ~ ")") -}}
{% endmacro %}


{% macro ad_panel_relation(panel) %}
    {#- The panel's input relation, after `assert_ad_panel_input` has checked it at run time. -#}
    {%- set relation = analysis_input_relation("ad panel '" ~ panel.name ~ "'", panel.data) -%}
    {%- if execute -%}
        {%- do assert_ad_panel_input(panel, relation) -%}
    {%- endif -%}
    {{- return(relation) -}}
{% endmacro %}


{% macro ad_panel_level_text(column, data_type) %}
    {#- A fixed-effect level as text; numbers of a non-integer type without decimals when whole. -#}
    {%- set quoted = adapter.quote(column) -%}
    {%- if data_type and is_numeric_type(data_type) and not (data_type.startswith('BIGINT') or data_type.startswith('INTEGER') or data_type.startswith('SMALLINT') or data_type.startswith('TINYINT') or data_type.startswith('U')) -%}
        case
            when {{ quoted }} = floor({{ quoted }}) then cast(cast({{ quoted }} as bigint) as varchar)
            else cast({{ quoted }} as varchar)
        end
    {%- else -%}
        cast({{ quoted }} as varchar)
    {%- endif -%}
{% endmacro %}


{% macro ad_panel_double_list(columns) %}
    {#- The columns cast to double, as one list. -#}
    [{% for column in columns %}cast({{ adapter.quote(column) }} as double){{ ', ' if not loop.last }}{% endfor %}]
{%- endmacro %}


{% macro ad_panel_level_list(columns, types) %}
    {#- The fixed-effect columns' levels as text, as one list. -#}
    [{% for column in columns %}{{ ad_panel_level_text(column, types.get(column | lower)) }}{{ ', ' if not loop.last }}{% endfor %}]
{%- endmacro %}


{% macro ad_panel_holdout(panel, types) %}
    {#- Whether the row's first-fixed-effect level is hashed into the panel's hold-out share. -#}
    hash({{ ad_panel_level_text(panel.fixed_effects[0], types.get(panel.fixed_effects[0] | lower)) }}) % 10000
    < {{ (panel.holdout_share * 10000) | int }}
{%- endmacro %}


{% macro assert_ad_panel_input(panel, relation) %}
    {#-
        Fails the build, naming the panel and the column, before anything is fitted: missing
        or non-numeric columns, NaN or infinite outcome, slope or feature values and an empty
        table (all three by assert_input_columns), nulls in the row id, a fixed effect, the
        cluster or a numeric column, a repeated row id, a constant feature, and
        a slope column constant within every level of a fixed effect (its effect would be
        absorbed).
    -#}
    {%- set label = ad_panel_label(panel) -%}
    {%- do assert_input_columns(
        label,
        relation,
        [('row_id', [panel.row_id]), ('outcome', [panel.outcome]), ('slope', panel.slopes), ('features', panel.features), ('fixed_effects', panel.fixed_effects), ('cluster', [panel.cluster])],
        ['outcome', 'slope', 'features']
    ) -%}
    {%- set numeric = [('outcome', panel.outcome)] -%}
    {%- for column in panel.slopes -%}{%- do numeric.append(('slope', column)) -%}{%- endfor -%}
    {%- for column in panel.features -%}{%- do numeric.append(('feature', column)) -%}{%- endfor -%}
    {%- set keys = [('row_id', panel.row_id), ('cluster', panel.cluster)] -%}
    {%- for column in panel.fixed_effects -%}{%- do keys.append(('fixed effect', column)) -%}{%- endfor -%}
    {%- set checks = [] -%}
    {%- for role, column in keys + numeric -%}
        {%- do checks.append(('null', role, column, 'count(*) filter (where ' ~ adapter.quote(column) ~ ' is null)')) -%}
    {%- endfor -%}
    {%- do checks.append(('repeated', 'row_id', panel.row_id, 'count(*) - count(distinct ' ~ adapter.quote(panel.row_id) ~ ')')) -%}
    {%- for column in panel.features -%}
        {%- do checks.append(('constant', 'feature', column, 'case when min(' ~ adapter.quote(column) ~ ') = max(' ~ adapter.quote(column) ~ ') then count(*) else 0 end')) -%}
    {%- endfor -%}
    {%- set counts = run_query('select ' ~ checks | map(attribute=3) | join(', ') ~ ' from ' ~ relation).rows[0] -%}
    {%- for problem, role, column, _ in checks -%}
        {%- set count = counts[loop.index0] -%}
        {%- if count > 0 and problem == 'constant' -%}
            {{ exceptions.raise_compiler_error(label ~ ": feature column '" ~ column ~ "' is constant; a constant feature cannot modify the slope") }}
        {%- elif count > 0 and problem == 'repeated' -%}
            {{ exceptions.raise_compiler_error(label ~ ": row_id column '" ~ column ~ "' has " ~ count ~ " repeated values; it must be unique per row") }}
        {%- elif count > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": " ~ role ~ " column '" ~ column ~ "' has " ~ count ~ " " ~ problem ~ " values") }}
        {%- endif -%}
    {%- endfor -%}
    {%- for slope in panel.slopes -%}
        {%- for fixed_effect in panel.fixed_effects -%}
            {%- set varying = run_query(
                'select count(*) from (select ' ~ adapter.quote(fixed_effect) ~ ' from ' ~ relation ~ ' group by 1 having min(' ~ adapter.quote(slope) ~ ') < max(' ~ adapter.quote(slope) ~ ')) as varying'
            ).rows[0][0] -%}
            {%- if varying == 0 -%}
                {{ exceptions.raise_compiler_error(label ~ ": slope column '" ~ slope ~ "' does not vary within any level of fixed effect '" ~ fixed_effect ~ "'; its slope is absorbed by the fixed effect") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}

{% macro ad_panel_memory_limit() -%}
    {{- return(adapter.dispatch('ad_panel_memory_limit', 'impactlytics')()) -}}
{%- endmacro %}

{% macro default__ad_panel_memory_limit() -%}
    select 1
{%- endmacro %}

{% macro duckdb__ad_panel_memory_limit() -%}
    set memory_limit = '{{ env_var("IMPACTLYTICS_AD_PANEL_MEMORY", "2GB") }}'
{%- endmacro %}

{% macro ad_panel_memory_reset() -%}
    {{- return(adapter.dispatch('ad_panel_memory_reset', 'impactlytics')()) -}}
{%- endmacro %}

{% macro default__ad_panel_memory_reset() -%}
    select 1
{%- endmacro %}

{% macro duckdb__ad_panel_memory_reset() -%}
    reset memory_limit
{%- endmacro %}
