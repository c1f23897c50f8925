with

forecasts as (

    select * from {{ ref('campaign_forecasts') }}

),

final as (

    select
        cast(platform as varchar) as platform,
        cast(campaign_type as varchar) as campaign_type,
        cast(content_type as varchar) as content_type,
        cast(total_spend as double) as total_spend,
        cast(predicted_impressions as double) as predicted_impressions,
        cast(impressions_lower as double) as impressions_lower,
        cast(impressions_upper as double) as impressions_upper,
        cast(predicted_engagement as double) as predicted_engagement,
        cast(engagement_lower as double) as engagement_lower,
        cast(engagement_upper as double) as engagement_upper,
        cast(engagement_rate as double) as engagement_rate,
        cast(cpm as double) as cpm,
        cast(cost_per_engagement as double) as cost_per_engagement
    from forecasts

)

select * from final
