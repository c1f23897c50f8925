with

source as (

    select * from {{ source('truth', 'video_effects') }}

),

renamed as (

    select
        ----------  ids
        cast(video_id as varchar) as video_id,

        ----------  true assignment and effects
        cast(true_propensity as double) as true_propensity,
        cast(tau_log_views as double) as tau_log_views,
        cast(tau_log_likes as double) as tau_log_likes,
        cast(tau_log_shares as double) as tau_log_shares

    from source

)

select * from renamed
