{#-
    Pre-period covariate balance per rollout x covariate: ever-exposed against never-exposed units,
    means, sample variances and SMD = |mu_T - mu_C| / sqrt((var_T + var_C) / 2). Covariates are
    the declared ones at each unit's first period, plus each outcome averaged over the periods
    before the first cohort starts (named 'pre_period_mean:<outcome>').
-#}
with

units as (

    select * from {{ ref('int_rollout_units_cohorted') }}

),

covariates as (

    select * from {{ ref('int_rollout_covariates_unpivoted') }}

),

outcomes as (

    select * from {{ ref('int_rollout_outcomes_unpivoted') }}

),

first_cohorts as (

    select
        rollout_name,
        min(cohort_period_index) as first_cohort_period_index
    from units
    group by rollout_name

),

pre_period_outcomes as (

    select
        outcomes.rollout_name,
        outcomes.unit_id,
        'pre_period_mean:' || outcomes.outcome_name as covariate_name,
        avg(outcomes.outcome_value) as covariate_value
    from outcomes
    inner join first_cohorts
        on outcomes.rollout_name = first_cohorts.rollout_name
    where outcomes.period_index < first_cohorts.first_cohort_period_index
    group by outcomes.rollout_name, outcomes.unit_id, outcomes.outcome_name

),

unit_covariates as (

    select
        rollout_name,
        unit_id,
        covariate_name,
        covariate_value
    from covariates

    union all

    select
        rollout_name,
        unit_id,
        covariate_name,
        covariate_value
    from pre_period_outcomes

),

arm_moments as (

    select
        unit_covariates.rollout_name,
        unit_covariates.covariate_name,
        count(*) filter (where not units.is_never_exposed) as n_exposed,
        count(*) filter (where units.is_never_exposed) as n_never_exposed,
        avg(unit_covariates.covariate_value) filter (where not units.is_never_exposed) as mean_exposed,
        avg(unit_covariates.covariate_value) filter (where units.is_never_exposed) as mean_never_exposed,
        coalesce(var_samp(unit_covariates.covariate_value) filter (where not units.is_never_exposed), 0.0)
            as variance_exposed,
        coalesce(var_samp(unit_covariates.covariate_value) filter (where units.is_never_exposed), 0.0)
            as variance_never_exposed
    from unit_covariates
    inner join units
        on
            unit_covariates.rollout_name = units.rollout_name
            and unit_covariates.unit_id = units.unit_id
    group by unit_covariates.rollout_name, unit_covariates.covariate_name

),

final as (

    select
        *,
        {{ smd('mean_exposed', 'mean_never_exposed', 'variance_exposed', 'variance_never_exposed') }} as smd
    from arm_moments

)

select * from final
