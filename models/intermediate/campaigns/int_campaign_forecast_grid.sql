{#-
    The planning grid the forecasts are computed on: every combination of the options the model
    knows x `spend_levels` spend levels, log-spaced between the 1st and 99th percentile of the
    training spend and rounded to two significant digits.
-#}
{%- set predictors = declared_campaign_predictor() -%}
{%- set n_levels = predictors[0].spend_levels if predictors else 2 -%}

with

options as (

    select * from {{ ref('int_campaign_options_listed') }}

),

campaigns as (

    select * from {{ ref('int_campaigns_featurized') }}
    where split = 'train' and total_spend > 0

),

spend_range as (

    select
        ln({{ percentile('total_spend', 0.01) }}) as log_low,
        ln({{ percentile('total_spend', 0.99) }}) as log_high
    from campaigns

),

level_steps as (

    {% for level_index in range(n_levels) -%}
        select {{ level_index }} as level_index
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

spend_levels as (

    select distinct
        exp(
            spend_range.log_low
            + level_steps.level_index * (spend_range.log_high - spend_range.log_low) / {{ n_levels - 1 }}
        ) as raw_spend
    from spend_range
    cross join level_steps
    where spend_range.log_low is not null

),

rounded_levels as (

    select distinct round(raw_spend, 1 - cast(floor(log10(raw_spend)) as integer)) as total_spend
    from spend_levels

),

platforms as (

    select option_value as platform from options
    where option_field = 'platform'

),

campaign_types as (

    select option_value as campaign_type from options
    where option_field = 'campaign_type'

),

content_types as (

    select option_value as content_type from options
    where option_field = 'content_type'

),

final as (

    select
        platforms.platform,
        campaign_types.campaign_type,
        content_types.content_type,
        rounded_levels.total_spend
    from platforms
    cross join campaign_types
    cross join content_types
    cross join rounded_levels

)

select * from final
