with

network_slopes as (

    select * from {{ ref('ad_panel_network_slopes') }}

),

panel_rows as (

    select * from {{ ref('int_ad_panel_rows') }}

),

declared as (

    select * from {{ ref('int_ad_panels_declared') }}

),

unnested as (

    select
        network_slopes.panel_name,
        panel_rows.row_id,
        unnest(declared.slope_columns) as slope_variable,
        unnest(network_slopes.slope_values) as slope
    from network_slopes
    inner join panel_rows
        on
            network_slopes.panel_name = panel_rows.panel_name
            and network_slopes.row_index = panel_rows.row_index
    inner join declared
        on network_slopes.panel_name = declared.panel_name

),

final as (

    select
        cast(panel_name as varchar) as panel,
        cast(row_id as varchar) as row_id,
        cast(slope_variable as varchar) as slope_variable,
        cast(slope as double) as slope
    from unnested

)

select * from final
