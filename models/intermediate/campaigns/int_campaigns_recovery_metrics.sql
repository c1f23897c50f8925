{#- How well the campaign predictor recovered the simulated truth: one row per metric. -#}
with

campaigns as (

    select * from {{ ref('int_campaigns_featurized') }}

),

expectations as (

    select * from {{ ref('stg_campaigns_truth__campaign_expectations') }}

),

predictability as (

    select * from {{ ref('stg_campaigns_truth__campaign_predictability') }}

),

model_metrics as (

    select * from {{ ref('fct_campaign_model_metrics') }}
    where is_selected and interval_method = 'split_conformal'

),

test_targets as (

    select
        'impressions' as target,  -- noqa: RF04
        campaigns.log_impressions as observed,
        expectations.expected_log_impressions as expected
    from campaigns
    inner join expectations on campaigns.campaign_id = expectations.campaign_id
    where campaigns.split = 'test'

    union all

    select
        'engagement' as target,  -- noqa: RF04
        campaigns.log_engagement as observed,
        expectations.expected_log_engagement as expected
    from campaigns
    inner join expectations on campaigns.campaign_id = expectations.campaign_id
    where campaigns.split = 'test'

),

oracle as (

    select
        target,
        1 - sum(power(observed - expected, 2)) / (count(*) * var_pop(observed)) as oracle_test_r2
    from test_targets
    group by target
    having count(*) > 1

),

metrics as (

    select
        predictability.target as outcome,
        cast(null as varchar) as estimator,
        'achievable_r2' as metric,
        predictability.achievable_r2 as value
    from predictability
    inner join oracle on predictability.target = oracle.target

    union all

    select
        target as outcome,
        cast(null as varchar) as estimator,
        'oracle_test_r2' as metric,
        oracle_test_r2 as value
    from oracle

    union all

    select
        model_metrics.target as outcome,
        model_metrics.model as estimator,
        'test_r2' as metric,
        model_metrics.r2 as value
    from model_metrics
    inner join oracle on model_metrics.target = oracle.target

    union all

    select
        model_metrics.target as outcome,
        model_metrics.model as estimator,
        'r2_gap' as metric,
        predictability.achievable_r2 - model_metrics.r2 as value
    from model_metrics
    inner join predictability on model_metrics.target = predictability.target
    inner join oracle on model_metrics.target = oracle.target

    union all

    select
        model_metrics.target as outcome,
        model_metrics.model as estimator,
        'interval_coverage' as metric,
        model_metrics.interval_coverage as value
    from model_metrics
    inner join oracle on model_metrics.target = oracle.target

),

final as (

    select
        'campaign_predictor' as analysis,
        outcome,
        estimator,
        metric,
        value
    from metrics

)

select * from final
