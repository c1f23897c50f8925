{#-
    One row per study x unit x covariate. Numeric covariates are cast to double; each categorical
    column becomes one 0/1 indicator per observed level, named '<column>=<level>'.
-#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__rows as (

        select * from {{ study_input(study) }} as study_rows

    ),
    {%- if execute %}
        {%- do assert_categorical_levels(study, study_input_relation(study)) %}
    {%- endif %}

    {{ unpivoted_covariate_ctes(study.name, 'study_name', study.unit, study.covariates, study.categorical) }}

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        studies,
        'covariates',
        [('study_name', 'varchar'), ('unit_id', 'varchar'), ('covariate_name', 'varchar'), ('source_column', 'varchar'), ('is_one_hot', 'boolean'), ('covariate_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
