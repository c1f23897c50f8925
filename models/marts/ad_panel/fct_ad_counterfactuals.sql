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
        cast(0.1 as double) as slope_change_share,
        cast(n_rows as bigint) as n_rows,
        cast(total_slope as double) as slope_total,
        cast(total_outcome as double) as outcome_total,
        cast(estimate as double) as outcome_change,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(estimate / nullif(total_outcome, 0) as double) as outcome_change_share
    from records
    where record = 'counterfactual'

)

select * from final
