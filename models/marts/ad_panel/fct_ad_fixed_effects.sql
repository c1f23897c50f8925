with

network_fits as (

    select * from {{ ref('ad_panel_network_fits') }}

),

final as (

    select
        cast(panel_name as varchar) as panel,
        cast(group_column as varchar) as dimension,
        cast(group_level as varchar) as level,  -- noqa: RF04
        cast(estimate as double) as estimate,
        cast(n_rows as bigint) as n_rows
    from network_fits
    where record = 'fixed_effect'

)

select * from final
