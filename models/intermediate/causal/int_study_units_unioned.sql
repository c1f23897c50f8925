{#- One row per study x unit: the unit id as text and the raw treatment value, from every declared study. -#}
{%- set studies = declared_studies() -%}

with

{% for study in studies -%}
    {{ study.name }}__units as (

        select
            '{{ study.name }}' as study_name,
            cast({{ adapter.quote(study.unit) }} as varchar) as unit_id,
            cast({{ adapter.quote(study.treatment) }} as varchar) as treatment_value

        from {{ study_input(study) }} as study_rows

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        studies,
        'units',
        [('study_name', 'varchar'), ('unit_id', 'varchar'), ('treatment_value', 'varchar')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
