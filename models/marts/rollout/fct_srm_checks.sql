with

srm_checks as (

    select * from {{ ref('experiment_srm_checks') }}

),

final as (

    select
        cast(experiment_name as varchar) as experiment,
        cast(arm as varchar) as arm,
        cast(planned_share as double) as planned_share,
        cast(observed_units as bigint) as observed_units,
        cast(expected_units as double) as expected_units,
        cast(count_source as varchar) as count_source,
        cast(statistic as double) as statistic,
        cast(df as integer) as df,
        cast(p_value as double) as p_value,
        cast(passed as boolean) as passed
    from srm_checks

)

select * from final
