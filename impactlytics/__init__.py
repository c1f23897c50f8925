"""Impactlytics: the Python library behind the dbt project (one subpackage per domain)."""
