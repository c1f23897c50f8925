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

from impactlytics.simulate.ad_panel import (
    AdPanelShape,
    simulate_ad_panel_chunks,
    true_fixed_effects,
)
from impactlytics.simulate.campaigns import simulate_campaigns
from impactlytics.simulate.job_training import simulate_job_training
from impactlytics.simulate.media_mix import simulate_media_mix
from impactlytics.simulate.rollout_panel import simulate_rollout_panel, simulate_steamly_users
from impactlytics.simulate.scales import (
    AD_PANEL_SHAPES,
    CAMPAIGNS_PER_SCALE,
    JOB_TRAINING_PEOPLE,
    MEDIA_MIX_WEEKS,
    ROLLOUT_USERS,
    n_videos_for_scale,
)
from impactlytics.simulate.video_experiments import simulate_video_experiments

logger = logging.getLogger(__name__)

DomainWriter = Callable[[Path, int, str], dict[str, Path]]
"""(data_dir, seed, scale) -> table name -> written Parquet path."""

RAW_DIR = "raw"
TRUTH_DIR = "truth"
_ROW_GROUP_SIZE = 256 * 1024


_PARQUET_OPTIONS = {
    "compression": "zstd",
    "coerce_timestamps": "us",
    "use_dictionary": True,
    "write_statistics": True,
    "store_schema": False,
}


def _arrow_table(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)


def write_parquet(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` to ``path`` (parents created); the same frame gives a byte-identical file.

    The pandas index is dropped and no schema key-value metadata is written, so the file
    contains nothing time- or environment-dependent beyond the pyarrow ``created_by`` string.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(_arrow_table(df), path, row_group_size=_ROW_GROUP_SIZE, **_PARQUET_OPTIONS)
    return path


class ParquetChunks:
    """A Parquet file written one frame (of one schema) at a time, with the options of
    :func:`write_parquet`, so only the current chunk is in memory; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer: pq.ParquetWriter | None = None

    def write(self, df: pd.DataFrame) -> None:
        table = _arrow_table(df)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, **_PARQUET_OPTIONS)
        self._writer.write_table(table, row_group_size=_ROW_GROUP_SIZE)

    def __enter__(self) -> ParquetChunks:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._writer is not None:
            self._writer.close()


def write_raw_and_truth(
    data_dir: Path, tables: dict[str, tuple[str, pd.DataFrame]]
) -> dict[str, Path]:
    """Write each ``name: (RAW_DIR or TRUTH_DIR, frame)`` to ``data_dir/<dir>/<name>.parquet``."""
    paths = {
        name: write_parquet(frame, Path(data_dir) / folder / f"{name}.parquet")
        for name, (folder, frame) in tables.items()
    }
    for name, path in paths.items():
        logger.info("wrote %s -> %s", name, path)
    return paths


def write_causal_studies(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate the causal domain's two studies and write raw + truth tables under ``data_dir``:
    the video caption study (an ATE study) and the job-training study (a small treated group in
    a large control pool, an ATT study; its seed is offset so the two draws are independent).

    Returns:
        {"video_experiments": raw/..., "video_effects": truth/...,
         "job_training": raw/..., "job_training_effects": truth/...}
    """
    n_videos = n_videos_for_scale(scale)
    n_people = JOB_TRAINING_PEOPLE[scale]
    logger.info(
        "simulating %d videos and %d people (seed=%d, scale=%s)", n_videos, n_people, seed, scale
    )
    videos, video_effects = simulate_video_experiments(n_videos, seed)
    people, training_effects = simulate_job_training(n_people, seed + 1)
    return write_raw_and_truth(
        data_dir,
        {
            "video_experiments": (RAW_DIR, videos),
            "video_effects": (TRUTH_DIR, video_effects),
            "job_training": (RAW_DIR, people),
            "job_training_effects": (TRUTH_DIR, training_effects),
        },
    )


def write_campaigns(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate the campaign predictor's campaigns and write raw + truth tables under ``data_dir``.

    Returns:
        {"campaigns": raw/..., "campaign_expectations": truth/...,
         "campaign_predictability": truth/...}
    """
    n_campaigns = CAMPAIGNS_PER_SCALE[scale]
    logger.info("simulating %d campaigns (seed=%d, scale=%s)", n_campaigns, seed, scale)
    campaigns, expectations, predictability = simulate_campaigns(n_campaigns, seed)
    return write_raw_and_truth(
        data_dir,
        {
            "campaigns": (RAW_DIR, campaigns),
            "campaign_expectations": (TRUTH_DIR, expectations),
            "campaign_predictability": (TRUTH_DIR, predictability),
        },
    )


def write_rollout_panel(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate the Steamly rollout panel (users x 26 weeks), its users table (experiment
    design inputs; seed offset by one) and the rollouts' truth.

    Returns:
        {"user_engagement_weekly": raw/..., "steamly_users": raw/..., "rollout_effects": truth/...}
    """
    n_users = ROLLOUT_USERS[scale]
    logger.info("simulating %d users x 26 weeks (seed=%d, scale=%s)", n_users, seed, scale)
    panel, effects = simulate_rollout_panel(n_users, seed)
    return write_raw_and_truth(
        data_dir,
        {
            "user_engagement_weekly": (RAW_DIR, panel),
            "steamly_users": (RAW_DIR, simulate_steamly_users(panel, seed + 1)),
            "rollout_effects": (TRUTH_DIR, effects),
        },
    )


def write_media_mix(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate hourly media delivery of five channels, the outcome and the channel overlap,
    with the true carryover, saturation and ROI per channel and the true overlap effects.

    Returns:
        {"channel_metrics": raw/..., "media_outcomes": raw/..., "channel_overlap": raw/...,
         "media_channel_effects": truth/..., "media_overlap_effects": truth/...}
    """
    n_weeks = MEDIA_MIX_WEEKS[scale]
    logger.info(
        "simulating %d weeks of hourly media data (seed=%d, scale=%s)", n_weeks, seed, scale
    )
    metrics, outcomes, overlap, channel_truth, overlap_truth = simulate_media_mix(n_weeks, seed)
    return write_raw_and_truth(
        data_dir,
        {
            "channel_metrics": (RAW_DIR, metrics),
            "media_outcomes": (RAW_DIR, outcomes),
            "channel_overlap": (RAW_DIR, overlap),
            "media_channel_effects": (TRUTH_DIR, channel_truth),
            "media_overlap_effects": (TRUTH_DIR, overlap_truth),
        },
    )


def write_ad_panel(data_dir: Path, seed: int, scale: str) -> dict[str, Path]:
    """Simulate the ad panel (both beta variants share one raw table) in chunks: raw rows, true
    slopes per row and true fixed effects. Raw and truth files are written side by side, one
    chunk at a time, so a 10M-row panel stays memory-bounded.

    Returns:
        {"ad_clicks_revenue": raw/..., "ad_true_slopes": truth/...,
         "ad_true_fixed_effects": truth/...}
    """
    shape = AdPanelShape(*AD_PANEL_SHAPES[scale])
    logger.info("simulating an ad panel of %s (seed=%d, scale=%s)", shape, seed, scale)
    raw_path = Path(data_dir) / RAW_DIR / "ad_clicks_revenue.parquet"
    truth_path = Path(data_dir) / TRUTH_DIR / "ad_true_slopes.parquet"
    with ParquetChunks(raw_path) as raw_file, ParquetChunks(truth_path) as truth_file:
        for raw, truth in simulate_ad_panel_chunks(shape, seed):
            raw_file.write(raw)
            truth_file.write(truth)
    paths = {"ad_clicks_revenue": raw_path, "ad_true_slopes": truth_path}
    paths.update(
        write_raw_and_truth(
            data_dir, {"ad_true_fixed_effects": (TRUTH_DIR, true_fixed_effects(shape, seed))}
        )
    )
    return paths


DOMAIN_WRITERS: dict[str, DomainWriter] = {
    "causal": write_causal_studies,
    "campaigns": write_campaigns,
    "rollout": write_rollout_panel,
    "media_mix": write_media_mix,
    "ad_panel": write_ad_panel,
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
