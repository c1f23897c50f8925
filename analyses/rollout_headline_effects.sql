-- Headline effects for a BI dashboard: the heterogeneity-robust DiD estimate per rollout and
-- outcome with its interval, TWFE beside it, the pre-trend test and the breakdown M-bar.
with

effects as (

    select * from {{ ref('fct_rollout_effects') }}

),

pretrend_tests as (

    select * from {{ ref('fct_pretrend_tests') }}

),

sensitivity as (

    select * from {{ ref('fct_parallel_trends_sensitivity') }}

),

robust as (

    select * from effects
    where estimator = 'callaway_santanna'

),

twfe as (

    select * from effects
    where estimator = 'twfe'

),

breakdown as (

    select
        rollout,
        outcome,
        min(breakdown_m_bar) as breakdown_m_bar
    from sensitivity
    group by rollout, outcome

),

final as (

    select
        robust.rollout,
        robust.outcome,
        robust.estimate as att,
        robust.ci_lower as att_ci_lower,
        robust.ci_upper as att_ci_upper,
        twfe.estimate as twfe_estimate,
        pretrend_tests.p_value as pretrend_p_value,
        pretrend_tests.passed as pretrend_passed,
        breakdown.breakdown_m_bar,
        robust.n_clusters
    from robust
    left join twfe
        on robust.rollout = twfe.rollout and robust.outcome = twfe.outcome
    left join pretrend_tests
        on robust.rollout = pretrend_tests.rollout and robust.outcome = pretrend_tests.outcome
    left join breakdown
        on robust.rollout = breakdown.rollout and robust.outcome = breakdown.outcome

)

select * from final
