with

source as (

    select * from {{ source('raw', 'channel_overlap') }}

),

renamed as (

    select
        cast(ts as timestamp) as ts,
        cast(channel_a as varchar) as channel_a,
        cast(channel_b as varchar) as channel_b,
        cast(overlap_reach as double) as overlap_reach
    from source

)

select * from renamed
