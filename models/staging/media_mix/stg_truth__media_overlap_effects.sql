with

source as (

    select * from {{ source('truth', 'media_overlap_effects') }}

),

renamed as (

    select
        cast(channel_a as varchar) as channel_a,
        cast(channel_b as varchar) as channel_b,
        cast(affinity as double) as affinity,
        cast(effect_per_overlap_reach as double) as effect_per_overlap_reach
    from source

)

select * from renamed
