with

records as (

    select * from {{ ref('int_ad_panel_fit_records') }}

),

metrics as (

    select
        panel_name,
        estimator,
        max(estimate) filter (where group_column = 'outcome_r2') as outcome_r2,
        max(estimate) filter (where group_column = 'rmse') as rmse,
        max(estimate) filter (where group_column = 'epochs') as epochs,
        max(estimate) filter (where group_column = 'demean_iterations') as demean_iterations,
        max(estimate) filter (where group_column = 'demean_tolerance') as demean_tolerance,
        max(estimate) filter (where group_column = 'demean_max_change') as demean_max_change,
        max(estimate) filter (where group_column = 'demean_converged') as demean_converged,
        max(estimate) filter (where group_column = 'n_rows') as n_rows,
        max(estimate) filter (where group_column = 'n_singletons_dropped') as n_singletons_dropped,
        max(estimate) filter (where group_column = 'n_clusters') as n_clusters
    from records
    where record = 'fit'
    group by panel_name, estimator

),

final as (

    select
        cast(panel_name as varchar) as panel,
        cast(estimator as varchar) as estimator,
        cast(outcome_r2 as double) as outcome_r2,
        cast(rmse as double) as rmse,
        cast(epochs as double) as epochs,
        cast(demean_iterations as integer) as demean_iterations,
        cast(demean_tolerance as double) as demean_tolerance,
        cast(demean_max_change as double) as demean_max_change,
        cast(demean_converged = 1 as boolean) as is_demean_converged,
        cast(n_rows as bigint) as n_rows,
        cast(n_singletons_dropped as bigint) as n_singletons_dropped,
        cast(n_clusters as bigint) as n_clusters
    from metrics

)

select * from final
