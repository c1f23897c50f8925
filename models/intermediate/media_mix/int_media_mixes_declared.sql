{#-
    One row per media mix declared in var `media_mixes`; the spec (channels resolved) travels as
    JSON so Python models read it via ref(). Building it checks every input (macro
    assert_media_mix_inputs), so bad input fails here, before anything is fitted.
-#}
{%- set mixes = declared_media_mixes() -%}

with

{% for mix in mixes -%}
    {%- for table in ['metrics', 'outcome', 'overlap', 'controls', 'truth'] if mix[table] -%}
        {%- do media_mix_relation(mix, table) -%}
    {%- endfor -%}
    {%- set channels = media_mix_channels(mix) -%}
    {%- if execute -%}
        {%- do assert_media_mix_inputs(mix, channels) -%}
    {%- endif -%}
    {%- do mix.update({'channels': channels}) -%}
    {%- set quoted = {} -%}
    {%- for table in ['metrics', 'outcome', 'overlap', 'controls', 'truth'] -%}
        {%- set text = "'" ~ (mix[table] | replace("'", "''")) ~ "'" -%}
        {%- do quoted.update({table: text if mix[table] else 'cast(null as varchar)'}) -%}
    {%- endfor -%}
    {{ mix.name }}__spec as (

        select
            '{{ mix.name }}' as media_mix_name,
            '{{ mix.grain }}' as grain,
            '{{ mix.driver }}' as driver,
            {{ channels | length }} as n_channels,
            {{ quoted.metrics }} as metrics_input,
            {{ quoted.outcome }} as outcome_input,
            {{ quoted.overlap }} as overlap_input,
            {{ quoted.controls }} as controls_input,
            {{ quoted.truth }} as truth_input,
            '{{ tojson(mix) | replace("'", "''") }}' as spec_json

    ),

{% endfor -%}
declared as (

    {{ union_analysis_ctes(
        mixes,
        'spec',
        [('media_mix_name', 'varchar'), ('grain', 'varchar'), ('driver', 'varchar'), ('n_channels', 'integer'), ('metrics_input', 'varchar'), ('outcome_input', 'varchar'), ('overlap_input', 'varchar'), ('controls_input', 'varchar'), ('truth_input', 'varchar'), ('spec_json', 'varchar')]
    ) }}

),

final as (

    select * from declared

)

select * from final
