{#-
    One row per panel x input row of every declared ad panel (inputs checked first, see
    assert_ad_panel_input): the row id as text and a 0-based row index, the outcome, the slope
    variables and the features as double arrays in declared order, the fixed-effect levels as
    text (integers without decimals), the cluster, and whether the row's first-fixed-effect
    level (its user) is held out for the network's early stopping.
-#}
{{ config(pre_hook="{{ ad_panel_memory_limit() }}", post_hook="{{ ad_panel_memory_reset() }}") }}
{%- set panels = declared_ad_panels() -%}

with

{% for panel in panels -%}
    {%- set relation = ad_panel_relation(panel) -%}
    {%- set types = input_column_types(relation) if execute else {} %}
    {{ panel.name }}__rows as (

        select
            '{{ panel.name }}' as panel_name,
            cast({{ adapter.quote(panel.row_id) }} as varchar) as row_id,
            row_number() over (order by {{ adapter.quote(panel.row_id) }}) - 1 as row_index,
            cast({{ adapter.quote(panel.outcome) }} as double) as outcome_value,
            {{ ad_panel_double_list(panel.slopes) }} as slope_values,
            {{ ad_panel_double_list(panel.features) }} as feature_values,
            {{ ad_panel_level_list(panel.fixed_effects, types) }} as fixed_effect_levels,
            {{ ad_panel_level_text(panel.cluster, types.get(panel.cluster | lower)) }} as cluster_id,
            {{ ad_panel_holdout(panel, types) }} as is_holdout
        from {{ relation }}

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        panels,
        'rows',
        [('panel_name', 'varchar'), ('row_id', 'varchar'), ('row_index', 'bigint'), ('outcome_value', 'double'), ('slope_values', 'double[]'), ('feature_values', 'double[]'), ('fixed_effect_levels', 'varchar[]'), ('cluster_id', 'varchar'), ('is_holdout', 'boolean')]
    ) }}

),

final as (

    select * from unioned

)

select * from final
