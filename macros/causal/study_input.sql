{% macro study_label(study) %}
    {{- return("study '" ~ study.name ~ "' (data " ~ study.data ~ ")") -}}
{% endmacro %}


{% macro study_input_relation(study) %}
    {{- return(analysis_input_relation("study '" ~ study.name ~ "'", study.data)) -}}
{% endmacro %}


{% macro study_input(study) %}
    {#-
        The rows of a study: its input filtered by `where`, after checking at run time that every
        declared column exists and that covariates and outcomes are numeric.
    -#}
    {%- set relation = study_input_relation(study) -%}
    {%- if execute -%}
        {%- do assert_input_columns(
            study_label(study),
            relation,
            [('unit', [study.unit]), ('treatment', [study.treatment]), ('outcomes', study.outcomes), ('covariates', study.covariates), ('categorical', study.categorical)],
            ['outcomes', 'covariates']
        ) -%}
    {%- endif -%}
    (
        select * from {{ relation }}
        {%- if study.where %}
        where {{ study.where }}
        {%- endif %}
    )
{% endmacro %}


{% macro assert_categorical_levels(study, relation) %}
    {#- One-hot encoding needs few levels: fail on a categorical column with more than var max_categorical_levels. -#}
    {%- set max_levels = var('max_categorical_levels', 100) -%}
    {%- for column in study.categorical -%}
        {%- set counted = run_query('select count(distinct ' ~ adapter.quote(column) ~ ') from ' ~ relation) -%}
        {%- set n_levels = counted.columns[0].values()[0] -%}
        {%- if n_levels > max_levels -%}
            {{ exceptions.raise_compiler_error(study_label(study) ~ ": categorical column '" ~ column ~ "' has " ~ n_levels ~ " levels, more than var max_categorical_levels (" ~ max_levels ~ "); group its rare levels upstream") }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
