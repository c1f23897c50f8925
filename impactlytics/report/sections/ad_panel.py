"""Ad panel β(X): slopes against features, vendor slopes with CIs, recovery scatter.

Not built yet: the ad-panel marts land with the ad-panel model, and its figures with them.
"""

from __future__ import annotations

from impactlytics.report.spec import Section

SECTION = Section(
    domain="ad_panel",
    title="Ad panel β(X)",
    description="How the revenue slope of clicks varies with user and vendor features.",
    marts=("fct_ad_slopes", "fct_ad_average_slope", "fct_ad_vendor_slopes"),
)
