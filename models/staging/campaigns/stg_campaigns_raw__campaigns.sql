with

source as (

    select * from {{ source('campaigns_raw', 'campaigns') }}

),

renamed as (

    select
        ----------  ids
        cast(campaign_id as varchar) as campaign_id,

        ----------  options
        cast(platform as varchar) as platform,
        cast(campaign_type as varchar) as campaign_type,
        cast(content_type as varchar) as content_type,

        ----------  spend and results
        cast(total_spend as double) as total_spend,
        cast(impressions as bigint) as impressions,
        cast(likes as bigint) as likes,
        cast(shares as bigint) as shares,  -- noqa: RF04
        cast(comments as bigint) as comments,  -- noqa: RF04
        cast(saves as bigint) as saves

    from source

)

select * from renamed
