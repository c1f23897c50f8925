with

pretrend_tests as (

    select * from {{ ref('rollout_pretrend_tests') }}

),

final as (

    select
        cast(rollout_name as varchar) as rollout,
        cast(outcome_name as varchar) as outcome,
        cast(test as varchar) as test,
        cast(statistic as double) as statistic,
        cast(df as integer) as df,
        cast(p_value as double) as p_value,
        cast(passed as boolean) as passed,
        cast(n_clusters as bigint) as n_clusters
    from pretrend_tests

)

select * from final
