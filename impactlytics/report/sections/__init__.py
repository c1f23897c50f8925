"""The report's sections, one module per domain, in the order the report shows them.

A domain adds its figures to its own module's ``SECTION``; a new domain adds a module and
one entry here.
"""

from __future__ import annotations

from impactlytics.report.sections import ad_panel, campaigns, causal, media_mix, rollout
from impactlytics.report.spec import Section

SECTIONS: tuple[Section, ...] = (
    causal.SECTION,
    rollout.SECTION,
    ad_panel.SECTION,
    media_mix.SECTION,
    campaigns.SECTION,
)
