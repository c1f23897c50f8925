with

forecast as (

    select * from {{ ref('media_mix_forecast') }}

),

final as (

    select
        cast(media_mix_name as varchar) as media_mix,
        cast(ts as timestamp) as ts,
        cast(split as varchar) as split,
        cast(actual as double) as actual,
        cast(forecast as double) as forecast,
        cast(forecast_harmonized as double) as forecast_harmonized,
        cast(lower as double) as lower,
        cast(upper as double) as upper,
        cast(gamma_keep_share as double) as gamma_keep_share
    from forecast

)

select * from final
