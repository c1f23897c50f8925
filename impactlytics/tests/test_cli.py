from impactlytics.cli import main


def test_summary_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["summary", "--db-path", str(tmp_path / "missing.duckdb")]) == 1
    assert "run `make demo` first" in capsys.readouterr().err
