"""Command-line entry point: ``impactlytics <subcommand> ...``.

Subcommands are added in ``_build_parser`` with ``add_parser`` and ``set_defaults(func=...)``;
each handler takes the parsed namespace and returns a process exit code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq

from impactlytics.report.build import build_report
from impactlytics.report.summary import default_db_path, render_summary, summary_tables
from impactlytics.simulate.scales import SCALES
from impactlytics.simulate.writer import DOMAIN_WRITERS, write_domains

logger = logging.getLogger("impactlytics")

DATA_DIR_ENV = "IMPACTLYTICS_DATA_DIR"


def _default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or "data")


def _parse_domains(value: str) -> list[str]:
    domains = [d.strip() for d in value.split(",") if d.strip()]
    unknown = [d for d in domains if d not in DOMAIN_WRITERS]
    if not domains or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown domain(s) {unknown or value!r}; valid: {','.join(DOMAIN_WRITERS)}"
        )
    return domains


def _cmd_simulate(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir if args.data_dir is not None else _default_data_dir()
    logger.info("simulate: seed=%d scale=%s data_dir=%s", args.seed, args.scale, data_dir)
    written = write_domains(data_dir, args.seed, args.scale, args.domains)
    for path in written.values():
        print(f"{path}\t{pq.read_metadata(path).num_rows} rows")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    try:
        tables = summary_tables(db_path)
    except FileNotFoundError as error:
        print(f"impactlytics summary: {error}", file=sys.stderr)
        return 1
    print(render_summary(tables))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    try:
        index = build_report(db_path, args.out, args.docs_target)
    except FileNotFoundError as error:
        print(f"impactlytics report: {error}", file=sys.stderr)
        return 1
    print(index)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # the API's imports are only paid for by `serve`

    from impactlytics.serve import create_app
    from impactlytics.serve.warehouse import WarehouseModelError

    db_path = _db_path(args)
    try:
        app = create_app(db_path)
    except WarehouseModelError as error:
        print(f"impactlytics serve: {error}", file=sys.stderr)
        return 1
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _cmd_refresh(args: argparse.Namespace) -> int:
    from impactlytics.refresh.publish import refresh

    db_path = _db_path(args)
    dbt_args = list(args.dbt_args)
    if args.vars is not None:
        dbt_args += ["--vars", args.vars]
    run = refresh(db_path, dbt_args, keep=args.keep)
    print(f"{run.run_id}\t{run.status}\t{', '.join(run.failing_nodes) or '-'}")
    if run.message:
        print(run.message, file=sys.stderr)
    return 0 if run.status == "published" else 1


def _cmd_rollback(args: argparse.Namespace) -> int:
    from impactlytics.refresh.lock import RefreshLockedError
    from impactlytics.refresh.publish import rollback

    db_path = _db_path(args)
    try:
        run = rollback(db_path)
    except (FileNotFoundError, RefreshLockedError) as error:
        print(f"impactlytics rollback: {error}", file=sys.stderr)
        return 1
    print(f"{run.run_id}\t{run.status}\t{run.message}")
    return 0


def _db_path(args: argparse.Namespace) -> Path:
    """``--db-path``, else the published warehouse (``$IMPACTLYTICS_DB_PATH`` or the default)."""
    return args.db_path if args.db_path is not None else default_db_path()


def _add_db_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db-path",
        type=Path,
        default=None,
        help="the (published) DuckDB file (default: $IMPACTLYTICS_DB_PATH or "
        "warehouse/impactlytics.duckdb)",
    )


def _build_parser() -> argparse.ArgumentParser:
    # Shared options, accepted before or after the subcommand name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--log-level",
        default=argparse.SUPPRESS,
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="logging level (default: INFO)",
    )
    parser = argparse.ArgumentParser(
        prog="impactlytics",
        description="Causal and marketing analytics engine.",
        parents=[common],
    )
    parser.set_defaults(log_level="INFO")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sim = sub.add_parser(
        "simulate",
        parents=[common],
        help="write simulated raw data and ground truth as Parquet",
    )
    sim.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    sim.add_argument(
        "--scale", choices=list(SCALES), default="default", help="dataset size (default: default)"
    )
    sim.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"output directory (default: ${DATA_DIR_ENV} or ./data)",
    )
    sim.add_argument(
        "--domains",
        type=_parse_domains,
        default=None,
        help=f"comma-separated domains to simulate (default: all of {','.join(DOMAIN_WRITERS)})",
    )
    sim.set_defaults(func=_cmd_simulate)

    summary = sub.add_parser(
        "summary", parents=[common], help="print the headline tables of the warehouse"
    )
    _add_db_path(summary)
    summary.set_defaults(func=_cmd_summary)

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the campaign predictor's API and planner page from the warehouse (read-only)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _add_db_path(serve)
    serve.set_defaults(func=_cmd_serve)

    report = sub.add_parser(
        "report",
        parents=[common],
        help="write the HTML diagnostics report with its figures, from the marts",
    )
    report.add_argument(
        "--out", type=Path, default=Path("reports"), help="report folder (default: ./reports)"
    )
    _add_db_path(report)
    report.add_argument(
        "--docs-target",
        type=Path,
        default=Path("target"),
        help="where `dbt docs generate` wrote the docs, copied to OUT/docs (default: ./target)",
    )
    report.set_defaults(func=_cmd_report)

    refresh = sub.add_parser(
        "refresh",
        parents=[common],
        help="dbt build into a new file and publish it atomically only if everything passed",
        description="Other arguments (e.g. --select, --exclude, --full-refresh) pass to dbt build.",
    )
    refresh.add_argument("--vars", default=None, help="YAML passed to dbt build --vars")
    refresh.add_argument(
        "--keep", type=int, default=3, help="earlier published files kept for rollback"
    )
    _add_db_path(refresh)
    refresh.set_defaults(func=_cmd_refresh)

    rollback = sub.add_parser(
        "rollback", parents=[common], help="publish the previous warehouse file again"
    )
    _add_db_path(rollback)
    rollback.set_defaults(func=_cmd_rollback)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    parser = _build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command != "refresh":
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.dbt_args = unknown
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
