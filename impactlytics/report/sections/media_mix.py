"""Media mix: contributions over time, response curves, ROI, allocation, forecasts.

Not built yet: the media-mix marts land with the marketing mix model, and its figures with them.
"""

from __future__ import annotations

from impactlytics.report.spec import Section

SECTION = Section(
    domain="media_mix",
    title="Media mix",
    description="Which channels drive the outcome, with carryover, saturation and overlap.",
    marts=(
        "fct_media_roi",
        "fct_media_contributions",
        "fct_media_response_curves",
        "fct_media_forecast",
        "fct_budget_allocation",
    ),
)
