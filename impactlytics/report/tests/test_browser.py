"""The report as a person sees it: every figure loads in headless Chromium."""

import re

from impactlytics.report.build import build_report
from impactlytics.testing.browser import broken_images, headless_chromium


def test_every_figure_loads_in_chromium(warehouse, tmp_path):
    out = tmp_path / "report"
    index = build_report(warehouse, out, tmp_path / "no_target")
    sources = re.findall(r'<img src="([^"]+)"', index.read_text())
    assert sources
    with headless_chromium() as driver:
        driver.get(index.as_uri())
        assert driver.title == "Impactlytics diagnostics report"
        assert len(driver.find_elements("tag name", "img")) == len(sources)
        assert broken_images(driver) == []
        # A figure whose file is gone is caught: the check can fail.
        (out / sources[0]).unlink()
        driver.refresh()
        assert broken_images(driver) == [sources[0]]
