{#- Simulated ground truth, one row per video x outcome: the true individual effect tau(x). -#}
with

video_effects as (

    select * from {{ ref('stg_truth__video_effects') }}

),

unpivoted as (

    select
        video_id,
        'log_views' as outcome_name,
        tau_log_views as true_effect
    from video_effects
    union all
    select
        video_id,
        'log_likes' as outcome_name,
        tau_log_likes as true_effect
    from video_effects
    union all
    select
        video_id,
        'log_shares' as outcome_name,
        tau_log_shares as true_effect
    from video_effects

),

final as (

    select * from unpivoted

)

select * from final
