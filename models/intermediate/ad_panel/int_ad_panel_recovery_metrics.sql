{#-
    How well each ad panel over the simulated data recovered the truth: per panel the network's
    slope correlation with the true beta and RMSE / sd(beta) over rows, the correlation of each
    estimated fixed-effect dimension with the true effects, and per estimator the outcome R2,
    the average slope's bias against the mean true slope of the panel's rows and whether its
    95% CI covers it (1/0); and per panel the outcome R2 of the true model,
    1 - mean(e^2) / var(y) with e the simulated noise: the ceiling of any
    estimator's R2 on these rows.
-#}
with

declared as (

    select * from {{ ref('int_ad_panels_declared') }}

),

slopes as (

    select * from {{ ref('fct_ad_slopes') }}

),

fixed_effects as (

    select * from {{ ref('fct_ad_fixed_effects') }}

),

average_slope as (

    select * from {{ ref('fct_ad_average_slope') }}

),

fit as (

    select * from {{ ref('fct_ad_fit') }}

),

true_rows as (

    select * from {{ ref('stg_truth__ad_true_slopes') }}

),

true_slopes as (

    select
        row_id,
        'revenue' as outcome_name,
        true_slope
    from true_rows

    union all

    select
        row_id,
        'revenue_linear' as outcome_name,
        true_slope_linear as true_slope
    from true_rows

),

panel_rows as (

    select * from {{ ref('int_ad_panel_rows') }}

),

true_fixed_effects as (

    select * from {{ ref('stg_truth__ad_true_fixed_effects') }}

),

simulated_panels as (

    select
        panel_name,
        outcome_column,
        slope_columns[1] as slope_variable
    from declared
    where data_input like '%ad_clicks_revenue%'

),

slope_pairs as (

    select
        slopes.panel,
        simulated_panels.outcome_column,
        slopes.slope,
        true_slopes.true_slope
    from slopes
    inner join simulated_panels
        on
            slopes.panel = simulated_panels.panel_name
            and slopes.slope_variable = simulated_panels.slope_variable
    inner join true_slopes
        on
            slopes.row_id = true_slopes.row_id
            and simulated_panels.outcome_column = true_slopes.outcome_name

),

slope_recovery as (

    select
        panel,
        any_value(outcome_column) as outcome_column,
        corr(slope, true_slope) as slope_correlation,
        sqrt(avg((slope - true_slope) * (slope - true_slope))) / stddev_pop(true_slope) as slope_rmse_over_sd,
        avg(true_slope) as true_average_slope
    from slope_pairs
    group by panel

),

fixed_effect_recovery as (

    select
        fixed_effects.panel,
        any_value(simulated_panels.outcome_column) as outcome_column,
        'fe_correlation_' || fixed_effects.dimension as metric,
        corr(fixed_effects.estimate, true_fixed_effects.true_effect) as value
    from fixed_effects
    inner join simulated_panels
        on fixed_effects.panel = simulated_panels.panel_name
    inner join true_fixed_effects
        on
            fixed_effects.dimension = true_fixed_effects.dimension
            and fixed_effects.level = true_fixed_effects.level_value
    group by fixed_effects.panel, fixed_effects.dimension

),

outcome_ceiling as (

    select
        panel_rows.panel_name as panel,
        any_value(simulated_panels.outcome_column) as outcome_column,
        1 - avg(true_rows.noise * true_rows.noise) / var_pop(panel_rows.outcome_value) as outcome_r2_ceiling
    from panel_rows
    inner join simulated_panels
        on panel_rows.panel_name = simulated_panels.panel_name
    inner join true_rows
        on panel_rows.row_id = true_rows.row_id
    group by panel_rows.panel_name

),

estimator_recovery as (

    select
        average_slope.panel,
        slope_recovery.outcome_column,
        average_slope.estimator,
        average_slope.estimate - slope_recovery.true_average_slope as average_slope_bias,
        case
            when slope_recovery.true_average_slope between average_slope.ci_lower and average_slope.ci_upper
                then 1.0
            else 0.0
        end as average_slope_ci_covers_truth,
        fit.outcome_r2
    from average_slope
    inner join slope_recovery
        on average_slope.panel = slope_recovery.panel
    inner join simulated_panels
        on
            average_slope.panel = simulated_panels.panel_name
            and average_slope.slope_variable = simulated_panels.slope_variable
    inner join fit
        on
            average_slope.panel = fit.panel
            and average_slope.estimator = fit.estimator

),

metrics as (

    {{ metric_rows(
        'slope_recovery',
        ['panel as analysis', 'outcome_column as outcome', "'network' as estimator"],
        ['slope_correlation', 'slope_rmse_over_sd', 'true_average_slope'],
    ) }}

    union all

    select
        panel as analysis,
        outcome_column as outcome,
        'network' as estimator,
        metric,
        value
    from fixed_effect_recovery

    union all
    {{ metric_rows(
        'outcome_ceiling',
        ['panel as analysis', 'outcome_column as outcome', 'null as estimator'],
        ['outcome_r2_ceiling'],
    ) }}

    union all
    {{ metric_rows(
        'estimator_recovery',
        ['panel as analysis', 'outcome_column as outcome', 'estimator'],
        ['average_slope_bias', 'average_slope_ci_covers_truth', 'outcome_r2'],
    ) }}

),

final as (

    select * from metrics

)

select * from final
