{#- The valid value of each option field: the labels the predictor is trained on (train split), with their counts. -#}
with

campaigns as (

    select * from {{ ref('int_campaigns_featurized') }}
    where split = 'train'

),

unpivoted as (

    select
        'platform' as option_field,
        platform as option_value
    from campaigns
    union all
    select
        'campaign_type' as option_field,
        campaign_type as option_value
    from campaigns
    union all
    select
        'content_type' as option_field,
        content_type as option_value
    from campaigns

),

final as (

    select
        option_field,
        option_value,
        count(*) as n_train_campaigns
    from unpivoted
    group by option_field, option_value

)

select * from final
