with

source as (

    select * from {{ source('raw', 'ad_clicks_revenue') }}

),

renamed as (

    select
        ----------  ids
        cast(row_id as bigint) as row_id,
        cast(user_id as bigint) as user_id,
        cast(vendor_id as bigint) as vendor_id,
        cast(period as integer) as period,

        ----------  features
        cast(user_age as double) as user_age,
        cast(user_tenure as double) as user_tenure,
        cast(vendor_rating as double) as vendor_rating,
        cast(vendor_size as double) as vendor_size,

        ----------  slope and outcomes
        cast(clicks as double) as clicks,
        cast(revenue as double) as revenue,
        cast(revenue_linear as double) as revenue_linear

    from source

)

select * from renamed
