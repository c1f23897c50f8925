{% macro campaign_label(predictor) %}
    {{- return("analysis '" ~ predictor.name ~ "' (data " ~ predictor.data ~ ")") -}}
{% endmacro %}


{% macro campaign_input(predictor) %}
    {#-
        The campaign rows of the predictor's input as a relation, after checking at run time that
        every column exists with a usable type and that the values can be modelled.
    -#}
    {%- set relation = analysis_input_relation("analysis '" ~ predictor.name ~ "'", predictor.data) -%}
    {%- if execute -%}
        {%- do assert_input_columns(
            campaign_label(predictor),
            relation,
            [('id', ['campaign_id']), ('options', ['platform', 'campaign_type', 'content_type']), ('spend', ['total_spend']), ('results', ['impressions', 'likes', 'shares', 'comments', 'saves'])],
            ['spend', 'results']
        ) -%}
        {%- do assert_campaign_values(predictor, relation) -%}
    {%- endif -%}
    {{- return(relation) -}}
{% endmacro %}


{% macro assert_campaign_values(predictor, relation) %}
    {#-
        Fails the build, naming the analysis, its data and the column, on null values, negative
        spend or results, or repeated campaign ids.
    -#}
    {%- set columns = ['campaign_id', 'platform', 'campaign_type', 'content_type', 'total_spend', 'impressions', 'likes', 'shares', 'comments', 'saves'] -%}
    {%- set non_negative = ['total_spend', 'impressions', 'likes', 'shares', 'comments', 'saves'] -%}
    {%- set checks = [] -%}
    {%- for column in columns -%}
        {%- do checks.append("count(*) filter (where " ~ adapter.quote(column) ~ " is null)") -%}
    {%- endfor -%}
    {%- for column in non_negative -%}
        {%- do checks.append("count(*) filter (where " ~ adapter.quote(column) ~ " < 0)") -%}
    {%- endfor -%}
    {%- do checks.append("count(*) - count(distinct " ~ adapter.quote('campaign_id') ~ ")") -%}
    {%- set counts = run_query('select ' ~ checks | join(', ') ~ ' from ' ~ relation).rows[0] -%}
    {%- set label = campaign_label(predictor) -%}
    {%- for column in columns -%}
        {%- if counts[loop.index0] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' has " ~ counts[loop.index0] ~ " null values") }}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in non_negative -%}
        {%- if counts[columns | length + loop.index0] > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ ": column '" ~ column ~ "' has " ~ counts[columns | length + loop.index0] ~ " negative values") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if counts[-1] > 0 -%}
        {{ exceptions.raise_compiler_error(label ~ ": column 'campaign_id' is not unique: " ~ counts[-1] ~ " repeated ids") }}
    {%- endif -%}
{% endmacro %}
