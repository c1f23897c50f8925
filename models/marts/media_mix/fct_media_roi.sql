with

estimates as (

    select * from {{ ref('media_mix_estimates') }}
    where channel_b is null

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(channel as varchar) as channel,
        cast(max(estimate) filter (where quantity = 'spend') as double) as spend,
        cast(max(estimate) filter (where quantity = 'contribution') as double) as contribution,
        cast(max(lower) filter (where quantity = 'contribution') as double) as contribution_lower,
        cast(max(upper) filter (where quantity = 'contribution') as double) as contribution_upper,
        cast(max(estimate) filter (where quantity = 'roi') as double) as roi,
        cast(max(lower) filter (where quantity = 'roi') as double) as roi_lower,
        cast(max(upper) filter (where quantity = 'roi') as double) as roi_upper,
        cast(max(estimate) filter (where quantity = 'marginal_roi') as double) as marginal_roi,
        cast(max(lower) filter (where quantity = 'marginal_roi') as double) as marginal_roi_lower,
        cast(max(upper) filter (where quantity = 'marginal_roi') as double) as marginal_roi_upper
    from estimates
    group by media_mix_name, channel

)

select * from final
