"""Draw every section's figures from the marts and write the HTML report."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from impactlytics.report.docs import copy_dbt_docs
from impactlytics.report.page import render_html
from impactlytics.report.plotting import save_png
from impactlytics.report.rendered import Image, RenderedFigure, RenderedSection
from impactlytics.report.sections import SECTIONS
from impactlytics.report.spec import FigureSpec, Section
from impactlytics.report.warehouse import MartReader

logger = logging.getLogger(__name__)

FIGURES_DIR = "figures"
DOCS_DIR = "docs"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "figure"


def render_figure(
    reader: MartReader, spec: FigureSpec, out_dir: Path, domain: str
) -> RenderedFigure:
    """Draw one figure kind into ``out_dir/figures/<domain>/`` unless its marts are missing."""
    missing = reader.missing(spec.reads)
    if missing:
        return RenderedFigure(spec, missing=tuple(missing))
    images = []
    for index, plot in enumerate(spec.draw(reader.load(spec.reads, spec.optional))):
        src = f"{FIGURES_DIR}/{domain}/{spec.name}_{index:02d}_{_slug(plot.key)}.png"
        save_png(plot.figure, out_dir / src)
        images.append(Image(src=src, key=plot.key, note=plot.note))
    logger.info("report: %s/%s: %d figure(s)", domain, spec.name, len(images))
    return RenderedFigure(spec, images=tuple(images))


def render_section(reader: MartReader, section: Section, out_dir: Path) -> RenderedSection:
    """Draw a section's figures, or report it not built when any of its marts is absent."""
    missing = reader.missing(dict.fromkeys(section.marts, ()))
    if missing:
        logger.info("report: %s not built (missing %s)", section.domain, ", ".join(missing))
        return RenderedSection(section, missing=tuple(missing))
    figures = tuple(
        render_figure(reader, spec, out_dir, section.domain) for spec in section.figures
    )
    return RenderedSection(section, figures=figures)


def build_report(
    db_path: Path,
    out_dir: Path,
    docs_target: Path,
    sections: Sequence[Section] = SECTIONS,
) -> Path:
    """Write ``out_dir/index.html`` with its figures from the warehouse's marts.

    Parameters
    ----------
    db_path : Path
        The DuckDB warehouse, opened read-only.
    out_dir : Path
        Report folder; its ``figures/`` and ``docs/`` subfolders are replaced.
    docs_target : Path
        dbt's target folder, where ``dbt docs generate`` wrote the docs site (may be absent).
    sections : sequence of Section
        Sections in report order (default: the registry).

    Returns
    -------
    Path
        The written ``index.html``.
    """
    with MartReader(db_path) as reader:
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(out_dir / FIGURES_DIR, ignore_errors=True)
        rendered = [render_section(reader, section, out_dir) for section in sections]
    docs_page = copy_dbt_docs(docs_target, out_dir / DOCS_DIR)
    docs_link = f"{DOCS_DIR}/{docs_page}" if docs_page else None
    index = out_dir / "index.html"
    index.write_text(render_html(rendered, db_path, docs_link), encoding="utf-8")
    return index
