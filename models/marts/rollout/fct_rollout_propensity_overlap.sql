{#- Distribution of the fitted exposure propensity among ever-exposed and never-exposed units. -#}
with

propensity as (

    select * from {{ ref('rollout_exposure_propensity') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(case when is_ever_exposed then 'exposed' else 'never_exposed' end as varchar) as arm,
        cast(count(*) as bigint) as n_units,
        cast(avg(propensity) as double) as propensity_mean,
        cast(min(propensity) as double) as propensity_min,
        cast({{ percentile('propensity', 0.05) }} as double) as propensity_p05,
        cast({{ percentile('propensity', 0.5) }} as double) as propensity_median,
        cast({{ percentile('propensity', 0.95) }} as double) as propensity_p95,
        cast(max(propensity) as double) as propensity_max
    from propensity
    group by rollout_name, outcome_name, is_ever_exposed

)

select * from final
