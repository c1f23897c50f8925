{#- One row per ad panel declared in var `ad_panels`; the spec travels as JSON so Python models read it via ref(). -#}
{%- set panels = declared_ad_panels() -%}

with

{% for panel in panels -%}
    {{ panel.name }}__spec as (

        select
            '{{ panel.name }}' as panel_name,
            '{{ panel.data | replace("'", "''") }}' as data_input,
            '{{ panel.outcome }}' as outcome_column,
            {{ panel.slopes | tojson | replace('"', "'") }}::varchar[] as slope_columns,
            {{ panel.features | tojson | replace('"', "'") }}::varchar[] as feature_columns,
            {{ panel.fixed_effects | tojson | replace('"', "'") }}::varchar[] as fixed_effect_columns,
            '{{ panel.cluster }}' as cluster_column,
            '{{ panel.vendor }}' as vendor_column,
            '{{ tojson(panel) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        panels,
        'spec',
        [('panel_name', 'varchar'), ('data_input', 'varchar'), ('outcome_column', 'varchar'), ('slope_columns', 'varchar[]'), ('feature_columns', 'varchar[]'), ('fixed_effect_columns', 'varchar[]'), ('cluster_column', 'varchar'), ('vendor_column', 'varchar'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
