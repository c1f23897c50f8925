{#-
    Balance of the assignment: per experiment x balance variable x arm, units, mean and sample
    variance, and the SMD against the control arm, |mu_arm - mu_control| / sqrt((var_arm +
    var_control) / 2).
-#}
with

assignments as (

    select * from {{ ref('int_experiment_assignments') }}

),

covariates as (

    select * from {{ ref('int_experiment_covariates_unpivoted') }}

),

experiments as (

    select * from {{ ref('int_experiments_declared') }}

),

arm_moments as (

    select
        covariates.experiment_name,
        covariates.covariate_name,
        assignments.arm,
        count(*) as n_units,
        avg(covariates.covariate_value) as mean_value,
        coalesce(var_samp(covariates.covariate_value), 0.0) as variance
    from covariates
    inner join assignments
        on
            covariates.experiment_name = assignments.experiment_name
            and covariates.unit_id = assignments.unit_id
    group by covariates.experiment_name, covariates.covariate_name, assignments.arm

),

control_moments as (

    select
        arm_moments.experiment_name,
        arm_moments.covariate_name,
        arm_moments.mean_value,
        arm_moments.variance
    from arm_moments
    inner join experiments
        on
            arm_moments.experiment_name = experiments.experiment_name
            and arm_moments.arm = experiments.control_arm

),

final as (

    select
        cast(arm_moments.experiment_name as varchar) as experiment,
        cast(arm_moments.covariate_name as varchar) as covariate,
        cast(arm_moments.arm as varchar) as arm,
        cast(arm_moments.n_units as bigint) as n_units,
        cast(arm_moments.mean_value as double) as mean_value,
        cast(arm_moments.variance as double) as variance,
        cast(
            {{ smd(
                'arm_moments.mean_value',
                'control_moments.mean_value',
                'arm_moments.variance',
                'control_moments.variance',
            ) }}
            as double
        ) as smd_vs_control
    from arm_moments
    inner join control_moments
        on
            arm_moments.experiment_name = control_moments.experiment_name
            and arm_moments.covariate_name = control_moments.covariate_name

)

select * from final
