from impactlytics.cli import main


def test_report_command_writes_the_report(warehouse, tmp_path, capsys):
    out = tmp_path / "report"
    argv = ["report", "--db-path", str(warehouse), "--out", str(out)]
    assert main([*argv, "--docs-target", str(tmp_path / "target")]) == 0
    assert capsys.readouterr().out.strip() == str(out / "index.html")
    assert (out / "index.html").exists()


def test_report_defaults_to_the_warehouse_of_the_environment(
    empty_warehouse, tmp_path, monkeypatch
):
    monkeypatch.setenv("IMPACTLYTICS_DB_PATH", str(empty_warehouse))
    monkeypatch.chdir(tmp_path)
    assert main(["report"]) == 0
    assert str(empty_warehouse) in (tmp_path / "reports" / "index.html").read_text()


def test_report_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["report", "--db-path", str(tmp_path / "missing.duckdb")]) == 1
    assert "run `make demo` first" in capsys.readouterr().err
