with

records as (

    select * from {{ ref('int_ad_panel_fit_records') }}

),

final as (

    select
        cast(panel_name as varchar) as panel,
        cast(slope_variable as varchar) as slope_variable,
        cast(estimator as varchar) as estimator,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(n_rows as bigint) as n_rows
    from records
    where record = 'average_slope'

)

select * from final
