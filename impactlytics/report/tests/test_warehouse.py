import duckdb
import pytest

from impactlytics.report.warehouse import MartReader


def test_missing_names_absent_marts_and_columns(warehouse):
    with MartReader(warehouse) as reader:
        assert reader.missing({"fct_treatment_effects": ("study", "estimate")}) == []
        assert reader.missing(
            {"fct_unit_effects": ("cate",), "fct_covariate_balance": ("study", "smd", "rank")}
        ) == ["fct_unit_effects", "fct_covariate_balance (lacks smd, rank)"]


def test_load_reads_the_declared_columns_only(warehouse):
    with MartReader(warehouse) as reader:
        frames = reader.load(
            {"fct_covariate_balance": ("study", "covariate")},
            {"fct_recovery_metrics": ("analysis", "value"), "fct_unit_effects": ("cate",)},
        )
    assert list(frames["fct_covariate_balance"].columns) == ["study", "covariate"]
    assert len(frames["fct_covariate_balance"]) == 44
    assert list(frames["fct_recovery_metrics"].columns) == ["analysis", "value"]
    assert frames["fct_unit_effects"].empty
    assert list(frames["fct_unit_effects"].columns) == ["cate"]


def test_load_refuses_an_absent_required_mart(warehouse):
    with MartReader(warehouse) as reader, pytest.raises(KeyError, match="fct_unit_effects"):
        reader.load({"fct_unit_effects": ("cate",)}, {})


def test_the_warehouse_is_opened_read_only(warehouse):
    with MartReader(warehouse) as reader, pytest.raises(duckdb.Error, match="read-only"):
        reader._connection.execute("create table fct_new as select 1 as a")


def test_a_missing_warehouse_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `make demo` first"):
        MartReader(tmp_path / "missing.duckdb")
