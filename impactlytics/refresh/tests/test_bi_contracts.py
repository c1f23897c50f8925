"""Every mart is fit for BI: contracted and typed, documented in DuckDB, owned, exposed; every
domain has a selector; every source declares freshness and `dbt source freshness` passes.

The checks walk dbt's manifest, so a domain that lands later is held to them as well.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from impactlytics.dbt_invocation import PROJECT_DIR
from impactlytics.testing.dbt_project import ScratchWarehouse


@pytest.fixture(scope="module")
def freshness(demo_warehouse, tmp_path_factory) -> tuple[dict, dict]:
    """(manifest, sources.json) of `dbt source freshness` over the demo data."""
    target = tmp_path_factory.mktemp("freshness")
    warehouse = ScratchWarehouse(demo_warehouse.data_dir, target / "scratch.duckdb")
    run = warehouse.dbt("source", "freshness", "--target-path", str(target))
    assert run.ok, run.output
    return (
        json.loads((target / "manifest.json").read_text()),
        json.loads((target / "sources.json").read_text()),
    )


def marts(manifest: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    ]


def mart_problems(manifest: dict) -> list[str]:
    exposed = {}
    for exposure in manifest["exposures"].values():
        for node_id in exposure["depends_on"]["nodes"]:
            exposed.setdefault(node_id, set()).add(exposure["type"])
    problems = []
    for node in marts(manifest):
        config, name = node["config"], node["name"]
        if not config["contract"]["enforced"]:
            problems.append(f"{name}: contract not enforced")
        if not node["columns"]:
            problems.append(f"{name}: no documented columns")
        for column in node["columns"].values():
            if not column.get("data_type"):
                problems.append(f"{name}.{column['name']}: no data_type")
            if not column.get("description"):
                problems.append(f"{name}.{column['name']}: no description")
        if not node["description"]:
            problems.append(f"{name}: no description")
        if config.get("persist_docs") != {"relation": True, "columns": True}:
            problems.append(f"{name}: docs not persisted (persist_docs relation and columns)")
        if not config["meta"].get("owner"):
            problems.append(f"{name}: no meta owner")
        if "dashboard" not in exposed.get(node["unique_id"], set()):
            problems.append(f"{name}: in no dashboard exposure")
    return problems


def test_every_mart_is_contracted_documented_owned_and_exposed(freshness):
    manifest, _ = freshness
    assert len(marts(manifest)) >= 29
    assert mart_problems(manifest) == []
    types = {exposure["type"] for exposure in manifest["exposures"].values()}
    assert {"dashboard", "application"} <= types  # the example dashboards and the API


def test_the_check_catches_a_mart_that_falls_short(freshness):
    manifest, _ = freshness
    broken = json.loads(json.dumps(manifest))
    node = next(n for n in marts(broken) if n["name"] == "fct_treatment_effects")
    node["config"]["meta"] = {}
    next(iter(node["columns"].values()))["data_type"] = None
    assert mart_problems(broken) == [
        f"fct_treatment_effects.{next(iter(node['columns']))}: no data_type",
        "fct_treatment_effects: no meta owner",
    ]


def test_nightly_and_one_selector_per_domain(freshness):
    manifest, _ = freshness
    domains = {p.name for p in (PROJECT_DIR / "models" / "marts").iterdir() if p.is_dir()}
    assert {"nightly", *(domains - {"core"})} <= set(manifest["selectors"])


def test_every_source_declares_freshness_and_passes(freshness):
    manifest, results = freshness
    for source in manifest["sources"].values():
        declared = source["config"]["freshness"] or {}
        assert (declared.get("warn_after") or {}).get("count"), source["unique_id"]
        assert (declared.get("error_after") or {}).get("count"), source["unique_id"]
        assert source["loaded_at_query"] or source["loaded_at_field"], source["unique_id"]
    statuses = {r["unique_id"]: r["status"] for r in results["results"]}
    assert set(statuses) == set(manifest["sources"])
    assert set(statuses.values()) == {"pass"}


def test_column_comments_are_persisted_in_duckdb(demo_warehouse, freshness):
    manifest, _ = freshness
    with duckdb.connect(str(Path(demo_warehouse.db_path)), read_only=True) as connection:
        comments = {
            (table, column): comment
            for table, column, comment in connection.execute(
                "select table_name, column_name, comment from duckdb_columns()"
            ).fetchall()
        }
        relation_comments = dict(
            connection.execute(
                "select table_name, comment from duckdb_tables() "
                "union all select view_name, comment from duckdb_views()"
            ).fetchall()
        )
    for node in marts(manifest):
        assert relation_comments[node["name"]].strip() == node["description"].strip()
        for column in node["columns"].values():
            comment = comments[(node["name"], column["name"])]
            assert comment.strip() == column["description"].strip(), (node["name"], comment)
