{#- Held-out campaigns: the selected model's prediction and interval beside the observed value. -#}
with

predictions as (

    select * from {{ ref('campaign_test_predictions') }}

),

final as (

    select
        cast(campaign_id as varchar) as campaign_id,
        cast(target as varchar) as target,  -- noqa: RF04
        cast(platform as varchar) as platform,
        cast(campaign_type as varchar) as campaign_type,
        cast(content_type as varchar) as content_type,
        cast(total_spend as double) as total_spend,
        cast(actual as double) as actual,
        cast(predicted as double) as predicted,
        cast(lower as double) as interval_lower,
        cast(upper as double) as interval_upper,
        actual between lower and upper as is_covered
    from predictions

)

select * from final
