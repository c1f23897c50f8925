"""Fixtures shared by every domain's tests."""

from __future__ import annotations

import pytest

from impactlytics.simulate.writer import write_domains
from impactlytics.testing.dbt_project import ScratchWarehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> ScratchWarehouse:
    """The whole demo project, every domain simulated at small scale and built once per test
    session with `dbt build` (data tests and unit tests included). Tests only read it; a test
    that changes vars builds its own scratch warehouse."""
    root = tmp_path_factory.mktemp("demo")
    warehouse = ScratchWarehouse(root / "data", root / "demo.duckdb")
    write_domains(warehouse.data_dir, seed=5, scale="small")
    run = warehouse.dbt("build")
    assert run.ok, run.output
    return warehouse
