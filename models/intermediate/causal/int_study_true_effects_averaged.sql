{#-
    True effect per study x outcome for studies over the simulated data: tau(x) averaged over
    the units each study's estimators used (kept after trimming, outcome observed), over all of
    them for the ATE and over the treated for the ATT.
-#}
with

true_unit_effects as (

    select * from {{ ref('int_study_true_unit_effects') }}

),

outcomes as (

    select * from {{ ref('int_study_outcomes_unpivoted') }}

),

analysed_units as (

    select
        true_unit_effects.study_name,
        true_unit_effects.estimand,
        true_unit_effects.outcome_name,
        true_unit_effects.treatment,
        true_unit_effects.true_effect
    from true_unit_effects
    inner join outcomes
        on
            true_unit_effects.study_name = outcomes.study_name
            and true_unit_effects.unit_id = outcomes.unit_id
            and true_unit_effects.outcome_name = outcomes.outcome_name
    where
        not true_unit_effects.is_trimmed
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
