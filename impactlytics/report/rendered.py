"""What the report drew: images per figure kind, or the marts that kept it from being built."""

from __future__ import annotations

from dataclasses import dataclass

from impactlytics.report.spec import FigureSpec, Section


@dataclass(frozen=True)
class Image:
    """A PNG written for the report; ``src`` is relative to the report's folder."""

    src: str
    key: str
    note: str


@dataclass(frozen=True)
class RenderedFigure:
    """A figure kind with its images, or the marts it lacks (then it is not built)."""

    spec: FigureSpec
    images: tuple[Image, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedSection:
    """A section with its figures, or the marts it lacks (then it is not built)."""

    section: Section
    figures: tuple[RenderedFigure, ...] = ()
    missing: tuple[str, ...] = ()
