"""Impactlytics: the Python library behind the dbt project (one subpackage per domain)."""

from impactlytics import threads  # noqa: F401 (first: sets the OpenMP wait policy before it loads)
