"""The campaign predictor's REST API and planner page, served from the published warehouse."""

from impactlytics.serve.app import create_app

__all__ = ["create_app"]
