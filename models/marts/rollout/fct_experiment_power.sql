with

experiment_power as (

    select * from {{ ref('experiment_power') }}

),

final as (

    select
        cast(experiment_name as varchar) as experiment,
        cast(arm as varchar) as arm,
        cast(metric_name as varchar) as metric,
        cast(n_units_control as bigint) as n_units_control,
        cast(n_units_arm as bigint) as n_units_arm,
        cast(metric_mean as double) as metric_mean,
        cast(metric_std as double) as metric_std,
        cast(metric_std_within_strata as double) as metric_std_within_strata,
        cast(alpha as double) as alpha,
        cast(power as double) as power,
        cast(mde as double) as mde,
        cast(mde_relative as double) as mde_relative,
        cast(mde_stratified as double) as mde_stratified
    from experiment_power

)

select * from final
