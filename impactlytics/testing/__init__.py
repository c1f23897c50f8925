"""Helpers shared by the test suites: running the dbt project against scratch warehouses."""
