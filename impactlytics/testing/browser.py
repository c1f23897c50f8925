"""Headless Chromium for page tests: Debian's ``chromium`` driven through its ``chromedriver``.

Both come from Debian's packages (``apt-get install chromium chromium-driver``); nothing is
downloaded at run time. A missing browser is an error, never a skip.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

_BROKEN_IMAGES = """
return Array.from(document.images)
    .filter((image) => !image.complete || image.naturalWidth === 0)
    .map((image) => image.getAttribute("src"));
"""


@contextmanager
def headless_chromium(
    window_size: tuple[int, int] = (1280, 1024), page_load_timeout: float = 60.0
) -> Iterator[webdriver.Chrome]:
    """A Chromium WebDriver with a fresh profile, quit (and the profile removed) on exit.

    Raises
    ------
    FileNotFoundError
        When Chromium or its driver is not installed.
    """
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: apt-get install {package}")
    with tempfile.TemporaryDirectory(prefix="impactlytics-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        width, height = window_size
        for flag in (
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        try:
            driver.set_page_load_timeout(page_load_timeout)
            yield driver
        finally:
            driver.quit()


def broken_images(driver: webdriver.Chrome) -> list[str]:
    """The ``src`` of every ``<img>`` of the current page that did not load (naturalWidth 0)."""
    return driver.execute_script(_BROKEN_IMAGES)
