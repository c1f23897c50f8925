with

source as (

    select * from {{ source('raw', 'video_experiments') }}

),

renamed as (

    select
        ----------  ids
        cast(video_id as varchar) as video_id,
        cast(account_id as varchar) as account_id,
        cast(variant_id as varchar) as variant_id,

        ----------  pre-treatment covariates
        cast(followers as bigint) as followers,
        cast(prior_avg_views as double) as prior_avg_views,
        cast(duration_s as double) as duration_s,
        cast(hashtag_count as integer) as hashtag_count,
        cast(caption_length as integer) as caption_length,
        cast(posting_hour as integer) as posting_hour,
        cast(account_age_days as integer) as account_age_days,
        cast(category as varchar) as category,

        ----------  treatment
        cast(has_sentiment_caption as integer) as has_sentiment_caption,

        ----------  outcomes (natural log scale)
        cast(log_views as double) as log_views,
        cast(log_likes as double) as log_likes,
        cast(log_shares as double) as log_shares,

        ----------  timestamps
        cast(posted_at as timestamp) as posted_at

    from source

)

select * from renamed
