"""Scheduled refresh: build into a new DuckDB file and publish it atomically only when every
model and test passed; keep earlier files for rollback; record every run."""
