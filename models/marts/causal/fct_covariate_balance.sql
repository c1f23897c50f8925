{#-
    Covariate balance per study: SMD before and after IPW weighting. Both use the unweighted pooled
    standard deviation as denominator, so the weighted SMD moves only through the means.
-#}
with

moments as (

    select * from {{ ref('int_covariate_moments_aggregated') }}

),

by_arm as (

    select
        study_name,
        covariate_name,
        max(mean_value) filter (where treatment = 1) as mean_treated,
        max(mean_value) filter (where treatment = 0) as mean_control,
        max(variance) filter (where treatment = 1) as variance_treated,
        max(variance) filter (where treatment = 0) as variance_control,
        max(weighted_mean_value) filter (where treatment = 1) as weighted_mean_treated,
        max(weighted_mean_value) filter (where treatment = 0) as weighted_mean_control
    from moments
    group by study_name, covariate_name

),

smd as (

    select
        study_name,
        covariate_name,
        mean_treated,
        mean_control,
        weighted_mean_treated,
        weighted_mean_control,
        {{ smd('mean_treated', 'mean_control', 'variance_treated', 'variance_control') }} as smd_unweighted,
        {{ smd('weighted_mean_treated', 'weighted_mean_control', 'variance_treated', 'variance_control') }}
            as smd_weighted
    from by_arm

),

final as (

    select
        study_name as study,
        covariate_name as covariate,
        mean_treated,
        mean_control,
        weighted_mean_treated,
        weighted_mean_control,
        smd_unweighted,
        smd_weighted,
        coalesce(smd_weighted < {{ var('balance_threshold', 0.1) }}, false) as is_balanced
    from smd

)

select * from final
