"""Progress logging for long Python stages run inside dbt."""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s impactlytics %(levelname)s %(message)s"


def log_progress_to_stderr(level: int = logging.INFO) -> None:
    """Send the library's log records to stderr, where `dbt build` shows them (idempotent)."""
    logger = logging.getLogger("impactlytics")
    if not any(getattr(handler, "_impactlytics", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._impactlytics = True  # marks our handler so repeated calls add no other
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # a root handler (dbt's or a basicConfig) would print each line twice
