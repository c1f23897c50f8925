{#-
    Per study x covariate x arm: unweighted count, mean and sample variance over all units, and the
    IPW-weighted mean over the units kept after trimming (weights from study_propensity_scores).
-#}
with

covariates as (

    select * from {{ ref('int_study_covariates_unpivoted') }}

),

propensity_scores as (

    select * from {{ ref('study_propensity_scores') }}

),

joined as (

    select
        covariates.study_name,
        covariates.covariate_name,
        covariates.covariate_value,
        propensity_scores.treatment,
        propensity_scores.ipw_weight,
        propensity_scores.is_trimmed
    from covariates
    inner join propensity_scores
        on
            covariates.study_name = propensity_scores.study_name
            and covariates.unit_id = propensity_scores.unit_id

),

aggregated as (

    select
        study_name,
        covariate_name,
        treatment,
        count(*) as n_units,
        avg(covariate_value) as mean_value,
        coalesce(var_samp(covariate_value), 0.0) as variance,
        sum(ipw_weight * covariate_value) filter (where not is_trimmed)
        / nullif(sum(ipw_weight) filter (where not is_trimmed), 0) as weighted_mean_value
    from joined
    group by study_name, covariate_name, treatment

),

final as (

    select * from aggregated

)

select * from final
