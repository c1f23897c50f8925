"""Matplotlib helpers shared by the sections: Agg figures, panel grids, PNG output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from impactlytics.report.spec import Plot

DPI = 100
WIDTH = 9.0  # inches
MAX_PANELS = 9
PANEL_COLUMNS = 3

PanelDrawer = Callable[[Axes, pd.DataFrame, str], None]


def new_figure(height: float, width: float = WIDTH) -> Figure:
    """A figure drawn by the Agg backend (no pyplot state), laid out with constrained layout."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_png(figure: Figure, path: Path) -> None:
    """Write ``figure`` as a PNG at ``DPI``, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=DPI)


def shown_of(total: int, shown: int, what: str, where: str) -> str:
    """The note of a figure showing only some items ('showing 9 of 14 outcomes; ...'), else ''."""
    return f"showing {shown} of {total} {what}; all of them are in {where}" if shown < total else ""


def with_note(plot: Plot, note: str) -> Plot:
    """``plot`` with ``note`` put before its own note (e.g. 'showing 9 of 14 outcomes')."""
    return replace(plot, note="; ".join(filter(None, [note, plot.note])))


def panels_by_analysis(
    frame: pd.DataFrame,
    draw_panel: PanelDrawer,
    suptitle: str,
    *,
    source: str,
    panel: str,
    analysis: str = "study",
    panel_height: float = 2.8,
    share_y: bool = False,
) -> Iterator[Plot]:
    """One figure per analysis, one panel per value of ``panel`` (at most ``MAX_PANELS``).

    ``draw_panel(ax, rows, value)`` draws one panel; ``suptitle.format(name)`` titles a figure;
    ``source`` names the mart, for the note of a figure that does not show every panel. With
    ``share_y`` the panels share the y axis, labelled on the first column only.
    """
    for name, rows in frame.groupby(analysis, sort=True):
        values = sorted(rows[panel].unique())
        shown = values[:MAX_PANELS]
        n_columns = min(PANEL_COLUMNS, len(shown))
        n_rows = int(np.ceil(len(shown) / n_columns))
        figure = new_figure(height=0.8 + panel_height * n_rows)
        axes = figure.subplots(n_rows, n_columns, squeeze=False, sharey=share_y).ravel()
        for ax, value in zip(axes, shown, strict=False):
            draw_panel(ax, rows[rows[panel] == value], value)
            if share_y and not ax.get_subplotspec().is_first_col():
                ax.set_ylabel("")
        for ax in axes[len(shown) :]:
            ax.set_visible(False)
        figure.suptitle(suptitle.format(name))
        note = shown_of(len(values), len(shown), f"{panel}s", source)
        yield Plot(key=str(name), figure=figure, note=note)
