{#-
    One row per campaign of the declared predictor's input: the options, log1p features and
    targets, and the deterministic split (test, calibration, train) drawn from the md5 of the id.
-#}
{%- set predictors = declared_campaign_predictor() -%}

with

{% for predictor in predictors -%}
    {{ predictor.name }}__campaigns as (

        select
            cast(campaign_rows.campaign_id as varchar) as campaign_id,
            cast(campaign_rows.platform as varchar) as platform,
            cast(campaign_rows.campaign_type as varchar) as campaign_type,
            cast(campaign_rows.content_type as varchar) as content_type,
            cast(campaign_rows.total_spend as double) as total_spend,
            cast(campaign_rows.impressions as bigint) as impressions,
            cast(
                campaign_rows.likes
                + campaign_rows.shares
                + campaign_rows.comments
                + campaign_rows.saves as bigint
            ) as engagement,
            {{ hash_fraction('cast(campaign_rows.campaign_id as varchar)') }} as split_draw,
            cast({{ predictor.test_share }} as double) as test_share,
            cast({{ predictor.calibration_share }} as double) as calibration_share

        from {{ campaign_input(predictor) }} as campaign_rows

    ),

{% endfor -%}
unioned as (

    {{ union_analysis_ctes(
        predictors,
        'campaigns',
        [('campaign_id', 'varchar'), ('platform', 'varchar'), ('campaign_type', 'varchar'), ('content_type', 'varchar'), ('total_spend', 'double'), ('impressions', 'bigint'), ('engagement', 'bigint'), ('split_draw', 'double'), ('test_share', 'double'), ('calibration_share', 'double')]
    ) }}

),

final as (

    select
        campaign_id,
        platform,
        campaign_type,
        content_type,
        total_spend,
        impressions,
        engagement,
        ln(1 + total_spend) as log_spend,
        ln(1 + impressions) as log_impressions,
        ln(1 + engagement) as log_engagement,
        case
            when split_draw < test_share then 'test'
            when split_draw < test_share + calibration_share then 'calibration'
            else 'train'
        end as split
    from unioned

)

select * from final
