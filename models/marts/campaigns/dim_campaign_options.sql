with

options as (

    select * from {{ ref('int_campaign_options_listed') }}

),

final as (

    select
        cast(option_field as varchar) as option_field,
        cast(option_value as varchar) as option_value,
        cast(n_train_campaigns as bigint) as n_train_campaigns
    from options

)

select * from final
