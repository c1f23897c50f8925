with

allocation as (

    select * from {{ ref('media_mix_budget_allocation') }}

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(channel as varchar) as channel,
        cast(is_fixed as boolean) as is_fixed,
        cast(spend_lower_bound as double) as spend_lower_bound,
        cast(spend_upper_bound as double) as spend_upper_bound,
        cast(current_spend as double) as current_spend,
        cast(optimized_spend as double) as optimized_spend,
        cast(current_contribution as double) as current_contribution,
        cast(optimized_contribution as double) as optimized_contribution,
        cast(current_expected_outcome as double) as current_expected_outcome,
        cast(optimized_expected_outcome as double) as optimized_expected_outcome,
        cast(expected_gain as double) as expected_gain,
        cast(expected_gain_lower as double) as expected_gain_lower,
        cast(expected_gain_upper as double) as expected_gain_upper
    from allocation

)

select * from final
