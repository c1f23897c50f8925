"""What a report section declares: its marts and its figures.

A domain adds itself to the report with one module in ``impactlytics.report.sections`` that
defines a :class:`Section`. Figures read marts only, and only the columns they declare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

MART_PREFIXES = ("fct_", "dim_")

Columns = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Plot:
    """One drawn image: ``key`` names what it shows (e.g. the study), ``note`` qualifies it."""

    key: str
    figure: Figure
    note: str = ""


DrawFunction = Callable[[Mapping[str, pd.DataFrame]], Iterable[Plot]]


def _check_marts(owner: str, reads: Columns) -> None:
    for mart in reads:
        if not mart.startswith(MART_PREFIXES):
            raise ValueError(f"{owner} reads {mart!r}: the report reads marts (fct_*, dim_*) only")


@dataclass(frozen=True)
class FigureSpec:
    """A kind of figure, drawn once per analysis (study, rollout, ...) found in its marts.

    Parameters
    ----------
    name : str
        Slug used in file names, e.g. ``"love_plot"``.
    title : str
        Heading shown in the report.
    guide : str
        One-line reading guide shown under every image.
    reads : mapping of mart -> column names
        Marts and columns the figure needs; it is "not built" while any is absent.
    draw : callable
        Receives one frame per mart in ``reads`` and ``optional`` (those columns only) and
        yields :class:`Plot` objects.
    optional : mapping of mart -> column names
        Marts used when present (e.g. ground truth); an absent one arrives as an empty frame.
    """

    name: str
    title: str
    guide: str
    reads: Columns
    draw: DrawFunction
    optional: Columns = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_marts(f"figure {self.name!r}", {**self.reads, **self.optional})


@dataclass(frozen=True)
class Section:
    """One domain's part of the report.

    The section is "not built" while any mart in ``marts`` is absent from the warehouse;
    each figure is then checked against its own ``reads``.
    """

    domain: str
    title: str
    marts: tuple[str, ...]
    figures: tuple[FigureSpec, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        _check_marts(f"section {self.domain!r}", dict.fromkeys(self.marts, ()))
