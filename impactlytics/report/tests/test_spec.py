import pytest

from impactlytics.report.spec import FigureSpec, Section


def test_a_figure_may_read_marts_only():
    with pytest.raises(ValueError, match="int_study_units_unioned"):
        FigureSpec("f", "t", "g", reads={"int_study_units_unioned": ("study",)}, draw=list)
    with pytest.raises(ValueError, match="stg_raw"):
        FigureSpec("f", "t", "g", reads={}, optional={"stg_raw": ()}, draw=list)


def test_a_section_may_require_marts_only():
    with pytest.raises(ValueError, match="raw_videos"):
        Section("d", "t", marts=("fct_x", "raw_videos"))
