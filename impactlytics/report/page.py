"""The report's static HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from impactlytics.report.rendered import RenderedFigure, RenderedSection

STYLE = """
body { font-family: sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
figure { margin: 1em 0 2em; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: .9em; color: #444; }
.not-built { color: #8a6d3b; background: #fcf8e3; padding: .3em .6em; border-radius: 3px; }
.meta { color: #666; font-size: .9em; }
"""


def _not_built(missing: Sequence[str]) -> str:
    return f'<p class="not-built">not built: needs {escape(", ".join(missing))}</p>'


def _figure(rendered: RenderedFigure) -> str:
    spec = rendered.spec
    parts = [f"<h3>{escape(spec.title)}</h3>"]
    if rendered.missing:
        parts.append(_not_built(rendered.missing))
    elif not rendered.images:
        parts.append('<p class="not-built">no rows in its marts</p>')
    for image in rendered.images:
        note = f" <em>({escape(image.note)})</em>" if image.note else ""
        parts.append(
            f'<figure><img src="{escape(image.src)}" alt="{escape(f"{spec.title}: {image.key}")}">'
            f"<figcaption>{escape(spec.guide)}{note}</figcaption></figure>"
        )
    return "\n".join(parts)


def _section(rendered: RenderedSection) -> str:
    section = rendered.section
    parts = [f'<h2 id="{escape(section.domain)}">{escape(section.title)}</h2>']
    if section.description:
        parts.append(f"<p>{escape(section.description)}</p>")
    if rendered.missing:
        parts.append(_not_built(rendered.missing))
    parts.extend(_figure(figure) for figure in rendered.figures)
    return "\n".join(parts)


def _status(rendered: RenderedSection) -> str:
    return (
        "not built"
        if rendered.missing
        else f"{sum(len(f.images) for f in rendered.figures)} figures"
    )


def _docs(docs_link: str | None) -> str:
    if docs_link is None:
        return (
            "<p>dbt docs: not generated (run <code>make report</code>, or"
            " <code>dbt docs generate --static</code> before <code>impactlytics report</code>).</p>"
        )
    served = docs_link.endswith("/index.html")  # fetches manifest.json: needs an HTTP server
    hint = " (serve this folder over HTTP to open it: <code>python -m http.server</code>)"
    link = f'<a href="{escape(docs_link)}">models, columns, tests and lineage</a>'
    return f"<p>dbt docs: {link}{hint if served else ''}.</p>"


def render_html(sections: Sequence[RenderedSection], db_path: Path, docs_link: str | None) -> str:
    """The whole page: contents with each section's status, the dbt docs link, the sections."""
    contents = "".join(
        f'<li><a href="#{escape(s.section.domain)}">{escape(s.section.title)}</a>'
        f": {_status(s)}</li>"
        for s in sections
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(_section(section) for section in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Impactlytics diagnostics report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Impactlytics diagnostics report</h1>
<p class="meta">Drawn from the marts of {escape(str(db_path))}, {generated}.</p>
{_docs(docs_link)}
<ul>{contents}</ul>
{body}
</body>
</html>
"""
