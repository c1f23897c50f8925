-- Headline effects for a BI dashboard: the doubly robust estimate per study and outcome, with its
-- interval, next to the naive difference in means and the worst covariate balance after weighting.
with

effects as (

    select * from {{ ref('fct_treatment_effects') }}

),

balance as (

    select * from {{ ref('fct_covariate_balance') }}

),

worst_balance as (

    select
        study,
        max(smd_weighted) as max_smd_weighted,
        bool_and(is_balanced) as is_fully_balanced
    from balance
    group by study

),

final as (

    select
        effects.study,
        effects.outcome,
        effects.estimand,
        effects.estimate as aipw_estimate,
        effects.ci_lower as aipw_ci_lower,
        effects.ci_upper as aipw_ci_upper,
        effects.p_value as aipw_p_value,
        naive.estimate as naive_estimate,
        worst_balance.max_smd_weighted,
        worst_balance.is_fully_balanced
    from effects
    inner join effects as naive
        on
            effects.study = naive.study
            and effects.outcome = naive.outcome
            and naive.estimator = 'difference_in_means'
    inner join worst_balance
        on effects.study = worst_balance.study
    where effects.estimator = 'aipw'

)

select * from final
