with

records as (

    select * from {{ ref('int_ad_panel_fit_records') }}

),

final as (

    select
        cast(panel_name as varchar) as panel,
        cast(slope_variable as varchar) as slope_variable,
        cast(estimator as varchar) as estimator,
        cast(group_column as varchar) as vendor_column,
        cast(group_level as varchar) as vendor,
        cast(n_rows as bigint) as n_rows,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper
    from records
    where record = 'vendor_slope'

)

select * from final
