with

source as (

    select * from {{ source('truth', 'media_channel_effects') }}

),

renamed as (

    select
        cast(channel as varchar) as channel,
        cast(half_life_hours as double) as half_life_hours,
        cast(half_saturation as double) as half_saturation,
        cast(hill_shape as double) as hill_shape,
        cast(max_effect as double) as max_effect,
        cast(true_spend as double) as true_spend,
        cast(true_contribution as double) as true_contribution,
        cast(true_roi as double) as true_roi,
        cast(true_marginal_roi as double) as true_marginal_roi
    from source

)

select * from renamed
