"""Sample-ratio-mismatch chi-square checks of every declared experiment."""

from impactlytics.rollout.experiments import srm_table


def model(dbt, session):
    dbt.config(materialized="table")
    return srm_table(
        experiments=dbt.ref("int_experiments_declared").df(),
        assignments=dbt.ref("int_experiment_assignments").df(),
    )
