import re
from html import unescape

import pandas as pd
import pytest

from impactlytics.report.build import build_report
from impactlytics.report.plotting import new_figure
from impactlytics.report.sections import SECTIONS
from impactlytics.report.spec import FigureSpec, Plot, Section

from .conftest import write_warehouse


def _images(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def _section_html(html: str, domain: str) -> str:
    start = html.index(f'<h2 id="{domain}">')
    end = html.find("<h2 ", start + 1)
    return html[start : end if end > 0 else None]


def test_report_draws_the_causal_figures_and_marks_the_rest_not_built(warehouse, tmp_path):
    out = tmp_path / "report"
    index = build_report(warehouse, out, tmp_path / "no_target")
    html = index.read_text()
    images = _images(html)
    # love plot, overlap and forest plot for each of the two studies
    assert len(images) == 6
    assert all((out / src).stat().st_size > 0 for src in images)
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.png")} == set(images)
    causal = _section_html(html, "causal")
    for mart in ("fct_unit_effects", "fct_uplift_curve", "fct_refutations"):
        assert f"not built: needs {mart}" in causal
    for domain in ("rollout", "ad_panel", "media_mix", "campaigns"):
        section = _section_html(html, domain)
        assert "not built: needs fct_" in section
        assert "<img" not in section
    assert "Every covariate's dot should sit left of the dashed 0.1 line" in unescape(html)
    assert "showing 25 of 40 covariates" in html


def test_empty_warehouse_renders_every_section_not_built(empty_warehouse, tmp_path):
    html = build_report(empty_warehouse, tmp_path / "report", tmp_path / "no_target").read_text()
    assert _images(html) == []
    assert html.count('<p class="not-built">') == len(SECTIONS)
    assert "not built: needs fct_treatment_effects, fct_covariate_balance" in html
    assert html.count(": not built</li>") == len(SECTIONS)


def test_a_new_mart_turns_its_figure_on_without_code_changes(marts, tmp_path):
    units = pd.DataFrame({"study": "alpha", "outcome": "y0", "cate": [0.1, 0.2], "learner": "x"})
    db_path = write_warehouse(tmp_path / "wh.duckdb", {**marts, "fct_unit_effects": units})
    html = build_report(db_path, tmp_path / "report", tmp_path / "no_target").read_text()
    assert "figures/causal/cate_distribution_00_alpha.png" in _images(html)
    assert "not built: needs fct_unit_effects" not in html


def test_a_mart_without_the_declared_columns_is_not_built(marts, tmp_path):
    units = pd.DataFrame({"study": "alpha", "outcome": "y0", "cate": [0.1]})
    db_path = write_warehouse(tmp_path / "wh.duckdb", {**marts, "fct_unit_effects": units})
    html = build_report(db_path, tmp_path / "report", tmp_path / "no_target").read_text()
    assert "not built: needs fct_unit_effects (lacks learner)" in html


def test_a_rebuild_removes_figures_no_longer_drawn(warehouse, marts, tmp_path):
    out = tmp_path / "report"
    build_report(warehouse, out, tmp_path / "no_target")
    one_study = {name: frame[frame.iloc[:, 0] != "wide"] for name, frame in marts.items()}
    smaller = write_warehouse(tmp_path / "smaller.duckdb", one_study)
    html = build_report(smaller, out, tmp_path / "no_target").read_text()
    assert len(_images(html)) == 3
    assert len(list(out.rglob("*.png"))) == 3


def test_a_section_registered_by_a_new_domain_is_drawn(warehouse, tmp_path):
    def draw(frames):
        figure = new_figure(2)
        figure.subplots().plot(frames["fct_treatment_effects"]["estimate"])
        yield Plot(key="all studies", figure=figure)

    spec = FigureSpec("line", "A line", "Read it.", {"fct_treatment_effects": ("estimate",)}, draw)
    extra = Section("new_domain", "New domain", marts=("fct_treatment_effects",), figures=(spec,))
    html = build_report(warehouse, tmp_path / "r", tmp_path / "t", (*SECTIONS, extra)).read_text()
    assert "figures/new_domain/line_00_all_studies.png" in _images(html)
    assert '<li><a href="#new_domain">New domain</a>: 1 figures</li>' in html


def test_dbt_docs_are_copied_and_linked_when_generated(empty_warehouse, tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    for name in ("static_index.html", "index.html", "manifest.json", "catalog.json"):
        (target / name).write_text(name)
    out = tmp_path / "report"
    html = build_report(empty_warehouse, out, target).read_text()
    assert '<a href="docs/static_index.html">' in html
    assert sorted(p.name for p in (out / "docs").iterdir()) == [
        "catalog.json", "index.html", "manifest.json", "static_index.html",
    ]  # fmt: skip
    (target / "static_index.html").unlink()
    html = build_report(empty_warehouse, out, target).read_text()
    assert '<a href="docs/index.html">' in html and "http.server" in html
    assert not (out / "docs" / "static_index.html").exists()


def test_missing_dbt_docs_are_reported(empty_warehouse, tmp_path):
    out = tmp_path / "report"
    html = build_report(empty_warehouse, out, tmp_path / "no_target").read_text()
    assert "dbt docs: not generated" in html
    assert not (out / "docs").exists()


def test_a_missing_warehouse_fails_without_writing(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_report(tmp_path / "missing.duckdb", tmp_path / "report", tmp_path / "target")
    assert not (tmp_path / "report").exists()
