"""Deterministic Parquet output for simulated domains.

Each domain registers a writer ``(data_dir, seed, scale) -> {table name: path}`` in
``DOMAIN_WRITERS``; the CLI runs the requested ones. Raw inputs go under ``data_dir/raw`` and
known ground truth under ``data_dir/truth``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from impactlytics.simulate.scales import n_videos_for_scale
from impactlytics.simulate.video_experiments import simulate_video_experiments

logger = logging.getLogger(__name__)

DomainWriter = Callable[[Path, int, str], dict[str, Path]]
"""(data_dir, seed, scale) -> table name -> written Parquet path."""

RAW_DIR = "raw"
TRUTH_DIR = "truth"
_ROW_GROUP_SIZE = 256 * 1024


def write_parquet(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` to ``path`` (parents created); the same frame gives a byte-identical file.

    The pandas index is dropped and no schema key-value metadata is written, so the file
    contains nothing time- or environment-dependent beyond the pyarrow ``created_by`` string.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(
        table,
        path,
        compression="zstd",
        row_group_size=_ROW_GROUP_SIZE,
        coerce_timestamps="us",
        use_dictionary=True,
        write_statistics=True,
        store_schema=False,
    )
    return path


def write_video_experiments(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate the causal video study and write raw + truth tables under ``data_dir``.

    Returns:
        {"video_experiments": data_dir/raw/video_experiments.parquet,
         "video_effects": data_dir/truth/video_effects.parquet}
    """
    n_videos = n_videos_for_scale(scale)
    logger.info("simulating %d videos (seed=%d, scale=%s)", n_videos, seed, scale)
    raw, truth = simulate_video_experiments(n_videos, seed)
    data_dir = Path(data_dir)
    paths = {
        "video_experiments": write_parquet(raw, data_dir / RAW_DIR / "video_experiments.parquet"),
        "video_effects": write_parquet(truth, data_dir / TRUTH_DIR / "video_effects.parquet"),
    }
    for name, path in paths.items():
        logger.info("wrote %s -> %s", name, path)
    return paths


DOMAIN_WRITERS: dict[str, DomainWriter] = {
    "causal": write_video_experiments,
}
"""Domain name -> writer. Later domains (rollouts, ad panel, media mix, ...) register here."""


def write_domains(
    data_dir: Path, seed: int, scale: str, domains: list[str] | None = None
) -> dict[str, Path]:
    """Run the writers of ``domains`` (default: all registered) and merge their outputs.

    Raises ValueError naming the registered domains if one is unknown, and ValueError for an
    unknown scale (checked before any writing).
    """
    n_videos_for_scale(scale)
    selected = list(DOMAIN_WRITERS) if domains is None else domains
    unknown = [d for d in selected if d not in DOMAIN_WRITERS]
    if unknown:
        valid = ", ".join(DOMAIN_WRITERS)
        raise ValueError(f"unknown domain(s) {unknown}; valid domains are: {valid}")
    written: dict[str, Path] = {}
    for domain in selected:
        written.update(DOMAIN_WRITERS[domain](Path(data_dir), seed, scale))
    return written
