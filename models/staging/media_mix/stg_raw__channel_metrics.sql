with

source as (

    select * from {{ source('raw', 'channel_metrics') }}

),

renamed as (

    select
        ----------  keys
        cast(ts as timestamp) as ts,
        cast(channel as varchar) as channel,

        ----------  delivery
        cast(spend as double) as spend,
        cast(impressions as double) as impressions,
        cast(reach as double) as reach,
        cast(frequency as double) as frequency

    from source

)

select * from renamed
