with

source as (

    select * from {{ source('campaigns_truth', 'campaign_expectations') }}

),

renamed as (

    select
        ----------  ids
        cast(campaign_id as varchar) as campaign_id,

        ----------  true means and noise of the log1p targets
        cast(expected_log_impressions as double) as expected_log_impressions,
        cast(expected_log_engagement as double) as expected_log_engagement,
        cast(log_impressions_noise_sd as double) as log_impressions_noise_sd,
        cast(log_engagement_noise_sd as double) as log_engagement_noise_sd

    from source

)

select * from renamed
