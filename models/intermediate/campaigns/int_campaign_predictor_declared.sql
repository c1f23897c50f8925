{#-
    One row for the declared campaign predictor (none when var campaign_predictor is null); the
    spec travels as JSON.
-#}
{%- set predictors = declared_campaign_predictor() -%}

with

{% for predictor in predictors -%}
    {{ predictor.name }}__spec as (

        select
            '{{ predictor.name }}' as analysis_name,
            '{{ predictor.data | replace("'", "''") }}' as data_input,
            cast({{ predictor.confidence_level }} as double) as confidence_level,
            '{{ tojson(predictor) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        predictors,
        'spec',
        [('analysis_name', 'varchar'), ('data_input', 'varchar'), ('confidence_level', 'double'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
