{#- One row per study declared in var `studies`; the spec travels as JSON so Python models read it via ref(). -#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__spec as (

        select
            '{{ study.name }}' as study_name,
            '{{ study.data | replace("'", "''") }}' as data_input,
            '{{ study.unit }}' as unit_column,
            '{{ study.treatment }}' as treatment_column,
            '{{ study.estimand }}' as estimand,
            '{{ study.trim if study.trim is string else 'fixed' }}' as trim_rule,
            cast({{ study.trim if study.trim is number else 'null' }} as double) as trim_threshold,
            {{ "'" ~ (study.where | replace("'", "''")) ~ "'" if study.where else 'cast(null as varchar)' }}
                as where_clause,
            '{{ tojson(study) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        studies,
        'spec',
        [('study_name', 'varchar'), ('data_input', 'varchar'), ('unit_column', 'varchar'), ('treatment_column', 'varchar'), ('estimand', 'varchar'), ('trim_rule', 'varchar'), ('trim_threshold', 'double'), ('where_clause', 'varchar'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
