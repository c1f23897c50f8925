{#-
    Validation metrics, long: per candidate the time-slice cross-validation errors averaged over
    folds (stage cross_validation; is_chosen marks the fitted candidate), and the held-out
    forecast errors of the unfiltered and the Fourier-harmonized forecast on the validation
    window (where Γ was chosen) and the test window (stage forecast).
-#}
with

cross_validation as (

    select * from {{ ref('media_mix_cross_validation') }}

),

fits as (

    select distinct
        media_mix_name,
        candidate
    from {{ ref('media_mix_fits') }}

),

forecast as (

    select * from {{ ref('media_mix_forecast') }}

),

candidate_means as (

    select
        media_mix_name,
        candidate,
        count(*) as n_folds,
        avg(rmse) as rmse,
        avg(mae) as mae,
        avg(mape) as mape
    from cross_validation
    group by media_mix_name, candidate

),

candidate_metrics as (

    {{ metric_rows(
        'candidate_means',
        ["'cross_validation' as stage", 'media_mix_name', 'candidate', 'n_folds as n_periods_or_folds'],
        ['rmse', 'mae', 'mape'],
    ) }}

),

forecast_errors as (

    select
        media_mix_name,
        split,
        forecast_kind,
        count(*) as n_periods,
        sqrt(avg(error * error)) as rmse,
        avg(abs(error)) as mae,
        avg(abs(error)) / avg(abs(actual)) as mape,
        max(case when forecast_kind = 'harmonized' then gamma_keep_share end) as gamma_keep_share
    from (
        select
            media_mix_name,
            split,
            'unfiltered' as forecast_kind,
            forecast - actual as error,
            actual,
            gamma_keep_share
        from forecast
        union all
        select
            media_mix_name,
            split,
            'harmonized' as forecast_kind,
            forecast_harmonized - actual as error,
            actual,
            gamma_keep_share
        from forecast
    ) as errors
    group by media_mix_name, split, forecast_kind

),

forecast_metrics as (

    {{ metric_rows(
        'forecast_errors',
        ["'forecast' as stage", 'media_mix_name', "forecast_kind || '_' || split as candidate", 'n_periods as n_periods_or_folds'],
        ['rmse', 'mae', 'mape', 'gamma_keep_share'],
    ) }}

),

final as (

    select
        cast(candidate_metrics.media_mix_name as varchar) as media_mix,
        cast(candidate_metrics.stage as varchar) as stage,  -- noqa: RF04
        cast(candidate_metrics.candidate as varchar) as candidate,
        cast(candidate_metrics.metric as varchar) as metric,
        cast(candidate_metrics.value as double) as value,
        cast(candidate_metrics.n_periods_or_folds as bigint) as n_periods_or_folds,
        fits.candidate is not null as is_chosen
    from candidate_metrics
    left join fits
        on
            candidate_metrics.media_mix_name = fits.media_mix_name
            and candidate_metrics.candidate = fits.candidate

    union all

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(stage as varchar) as stage,  -- noqa: RF04
        cast(candidate as varchar) as candidate,
        cast(metric as varchar) as metric,
        cast(value as double) as value,
        cast(n_periods_or_folds as bigint) as n_periods_or_folds,
        false as is_chosen
    from forecast_metrics

)

select * from final
