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
    db_path: Path = args.db_path if args.db_path is not None else default_db_path()
    try:
        tables = summary_tables(db_path)
    except FileNotFoundError as error:
        print(f"impactlytics summary: {error}", file=sys.stderr)
        return 1
    print(render_summary(tables))
    return 0


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
    summary.add_argument(
        "--db-path",
        type=Path,
        default=None,
        help="DuckDB file (default: $IMPACTLYTICS_DB_PATH or warehouse/impactlytics.duckdb)",
    )
    summary.set_defaults(func=_cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
