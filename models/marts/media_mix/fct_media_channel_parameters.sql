with

estimates as (

    select * from {{ ref('media_mix_estimates') }}
    where
        channel_b is null
        and quantity in ('half_life_hours', 'half_saturation', 'hill_shape', 'max_effect')

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(channel as varchar) as channel,
        cast(quantity as varchar) as parameter,
        cast(estimate as double) as estimate,
        cast(lower as double) as lower_bound,
        cast(upper as double) as upper_bound
    from estimates

)

select * from final
