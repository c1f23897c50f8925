with

segments as (

    select * from {{ ref('study_cate_segments') }}

),

final as (

    select
        cast(study_name as varchar) as study,
        cast(outcome_name as varchar) as outcome,
        cast(estimand as varchar) as estimand,
        cast(learner as varchar) as learner,
        cast(segment_type as varchar) as segment_type,
        cast(segment as varchar) as segment,
        -- `rule` is the mart's documented column name, a keyword in some dialects.
        cast(rule as varchar) as rule,  -- noqa: RF04
        cast(n_units as bigint) as n_units,
        cast(mean_predicted_cate as double) as mean_predicted_cate,
        cast(effect as double) as effect,
        cast(std_error as double) as std_error,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper
    from segments

)

select * from final
