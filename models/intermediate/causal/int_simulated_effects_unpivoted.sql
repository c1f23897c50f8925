{#-
    Simulated ground truth, one row per simulated dataset x unit x outcome: the true individual
    effect tau(x). `dataset` names the raw table the units come from.
-#}
with

video_effects as (

    select * from {{ ref('stg_truth__video_effects') }}

),

job_training_effects as (

    select * from {{ ref('stg_truth__job_training_effects') }}

),

unpivoted as (

    select
        'video_experiments' as dataset,
        video_id as unit_id,
        'log_views' as outcome_name,
        tau_log_views as true_effect
    from video_effects
    union all
    select
        'video_experiments' as dataset,
        video_id as unit_id,
        'log_likes' as outcome_name,
        tau_log_likes as true_effect
    from video_effects
    union all
    select
        'video_experiments' as dataset,
        video_id as unit_id,
        'log_shares' as outcome_name,
        tau_log_shares as true_effect
    from video_effects
    union all
    select
        'job_training' as dataset,
        person_id as unit_id,
        'earnings_after' as outcome_name,
        tau_earnings_after as true_effect
    from job_training_effects

),

final as (

    select * from unpivoted

)

select * from final
