{#-
    True individual effect tau(x) per study x outcome x unit, for studies over the simulated data
    (the only data with ground truth: the video and job-training tables), with the unit's arm and
    trimming flag.
-#}
with

studies as (

    select * from {{ ref('int_studies_declared') }}

),

propensity_scores as (

    select * from {{ ref('study_propensity_scores') }}

),

simulated_effects as (

    select * from {{ ref('int_simulated_effects_unpivoted') }}

),

simulated_studies as (

    select
        study_name,
        estimand,
        case
            when
                data_input in ('source:raw.video_experiments', 'ref:stg_raw__video_experiments')
                and unit_column = 'video_id'
                then 'video_experiments'
            when
                data_input in ('source:raw.job_training', 'ref:stg_raw__job_training')
                and unit_column = 'person_id'
                then 'job_training'
        end as dataset
    from studies

),

unit_effects as (

    select
        simulated_studies.study_name,
        simulated_studies.estimand,
        simulated_effects.outcome_name,
        propensity_scores.unit_id,
        propensity_scores.treatment,
        propensity_scores.is_trimmed,
        simulated_effects.true_effect
    from simulated_studies
    inner join propensity_scores
        on simulated_studies.study_name = propensity_scores.study_name
    inner join simulated_effects
        on
            simulated_studies.dataset = simulated_effects.dataset
            and propensity_scores.unit_id = simulated_effects.unit_id

),

final as (

    select * from unit_effects

)

select * from final
