"""Minimum detectable effects of every declared experiment from its pre-period metric."""

from impactlytics.rollout.experiments import power_table


def model(dbt, session):
    dbt.config(materialized="table")
    return power_table(
        experiments=dbt.ref("int_experiments_declared").df(),
        assignments=dbt.ref("int_experiment_assignments").df(),
    )
