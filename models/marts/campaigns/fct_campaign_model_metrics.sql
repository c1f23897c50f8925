with

model_metrics as (

    select * from {{ ref('campaign_model_metrics') }}

),

final as (

    select
        cast(model as varchar) as model,  -- noqa: RF04
        cast(target as varchar) as target,  -- noqa: RF04
        cast(interval_method as varchar) as interval_method,
        cast(r2 as double) as r2,
        cast(mae as double) as mae,
        cast(rmse as double) as rmse,
        cast(mape as double) as mape,
        cast(interval_coverage as double) as interval_coverage,
        cast(interval_width as double) as interval_width,
        cast(is_selected as boolean) as is_selected,
        cast(cv_r2 as double) as cv_r2,
        cast(conformal_quantile as double) as conformal_quantile,
        cast(interval_group as varchar) as interval_group,
        cast(confidence_level as double) as confidence_level,
        cast(n_train as bigint) as n_train,
        cast(n_calibration as bigint) as n_calibration,
        cast(n_test as bigint) as n_test,
        cast(random_state as bigint) as random_state
    from model_metrics

)

select * from final
