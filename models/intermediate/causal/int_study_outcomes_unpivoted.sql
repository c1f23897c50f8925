{#- One row per study x unit x outcome; null outcomes are kept so that the rows dropped can be counted. -#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__rows as (

        select * from {{ study_input(study) }} as study_rows

    ),

    {{ unpivoted_outcome_ctes(study.name, 'study_name', study.unit, study.outcomes) }}

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        studies,
        'outcomes',
        [('study_name', 'varchar'), ('unit_id', 'varchar'), ('outcome_name', 'varchar'), ('outcome_value', 'double')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
