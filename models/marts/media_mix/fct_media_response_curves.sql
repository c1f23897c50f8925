with

curves as (

    select * from {{ ref('media_mix_response_curves') }}

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(channel as varchar) as channel,
        cast(spend_multiplier as double) as spend_multiplier,
        cast(spend as double) as spend,
        cast(contribution as double) as contribution,
        cast(contribution_lower as double) as contribution_lower,
        cast(contribution_upper as double) as contribution_upper,
        cast(marginal_roi as double) as marginal_roi,
        cast(marginal_roi_lower as double) as marginal_roi_lower,
        cast(marginal_roi_upper as double) as marginal_roi_upper
    from curves

)

select * from final
