{#-
    True effect per study x outcome for studies over the simulated video data (the only data with
    ground truth): tau(x) averaged over the units each study's estimators used (kept after
    trimming, outcome observed), over all of them for the ATE and over the treated for the ATT.
-#}
with

studies as (

    select * from {{ ref('int_studies_declared') }}

),

propensity_scores as (

    select * from {{ ref('study_propensity_scores') }}

),

outcomes as (

    select * from {{ ref('int_study_outcomes_unpivoted') }}

),

video_effects as (

    select * from {{ ref('int_video_effects_unpivoted') }}

),

simulated_studies as (

    select
        study_name,
        estimand
    from studies
    where
        data_input in ('source:raw.video_experiments', 'ref:stg_raw__video_experiments')
        and unit_column = 'video_id'

),

analysed_units as (

    select
        simulated_studies.study_name,
        simulated_studies.estimand,
        outcomes.outcome_name,
        propensity_scores.treatment,
        video_effects.true_effect
    from simulated_studies
    inner join propensity_scores
        on simulated_studies.study_name = propensity_scores.study_name
    inner join outcomes
        on
            propensity_scores.study_name = outcomes.study_name
            and propensity_scores.unit_id = outcomes.unit_id
    inner join video_effects
        on
            outcomes.unit_id = video_effects.video_id
            and outcomes.outcome_name = video_effects.outcome_name
    where
        not propensity_scores.is_trimmed
        and outcomes.outcome_value is not null

),

averaged as (

    select
        study_name,
        outcome_name,
        estimand,
        case
            when estimand = 'ATT' then avg(true_effect) filter (where treatment = 1)
            else avg(true_effect)
        end as true_effect,
        count(*) as n_units
    from analysed_units
    group by study_name, outcome_name, estimand

),

final as (

    select * from averaged

)

select * from final
