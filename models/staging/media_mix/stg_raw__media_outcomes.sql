with

source as (

    select * from {{ source('raw', 'media_outcomes') }}

),

renamed as (

    select
        cast(ts as timestamp) as ts,
        cast(value as double) as value
    from source

)

select * from renamed
