"""Malformed raw inputs of every domain make the refresh fail, naming the table or analysis and
the column, and leave the published file byte-for-byte unchanged.

One published baseline (a copy of the session's demo warehouse) and one copy of its data serve
every case: a case breaks one raw file, refreshes only the models up to its domain's checks, and
puts the file back.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from impactlytics.refresh.publish import refresh
from impactlytics.testing.warehouse_state import file_checksum

VIDEOS = "video_experiments"
PANEL = "user_engagement_weekly"
CAMPAIGNS = "campaigns"
AD_PANEL = "ad_clicks_revenue"
MEDIA = "channel_metrics"

# The models up to each domain's input checks (and the source tests on its raw file).
SELECTIONS = {
    VIDEOS: ["--select", "+study_propensity_scores"],
    PANEL: ["--select", "+int_rollout_panel_unioned"],
    CAMPAIGNS: ["--select", "+int_campaigns_featurized"],
    AD_PANEL: ["--select", "+int_ad_panel_rows"],
    MEDIA: ["--select", "+int_media_mixes_declared"],
}


@dataclass(frozen=True)
class Case:
    raw_file: str
    mutate: Callable[[pd.DataFrame], pd.DataFrame | pa.Table]
    expected: tuple[str, ...]  # the table or analysis, the column, what is wrong


def set_rows(column: str, value, rows=slice(0, 3)) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        if isinstance(value, str) and not pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].astype(str)
        frame.loc[frame.index[rows], column] = value
        return frame

    return mutate


def with_nan(column: str) -> Callable[[pd.DataFrame], pa.Table]:
    """NaN itself, not null: pandas would write NaN as a Parquet null."""

    def mutate(frame: pd.DataFrame) -> pa.Table:
        values = frame[column].to_numpy(dtype=float, copy=True)
        values[:4] = np.nan
        table = pa.Table.from_pandas(frame, preserve_index=False)
        index = table.schema.get_field_index(column)
        return table.set_column(index, column, pa.array(values, from_pandas=False))

    return mutate


def separated_treatment(frame: pd.DataFrame) -> pd.DataFrame:
    """Treatment decided by one covariate: propensity scores of 0 and 1, no overlap."""
    threshold = frame["prior_avg_views"].median()
    return frame.assign(has_sentiment_caption=(frame["prior_avg_views"] > threshold).astype(int))


def period_after_a_gap(column: str, step) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The next load skips a period: the last period's rows again, two steps later. (Rows
    dropped from the file would not make a gap: the incremental staging keeps rows it has
    loaded.)"""

    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        last = frame[frame[column] == frame[column].max()]
        return pd.concat(
            [frame, last.assign(**{column: last[column] + 2 * step})], ignore_index=True
        )

    return mutate


STUDY = "study 'caption_sentiment'"
ROLLOUT = "rollout 'recommender_v2'"
PREDICTOR = "analysis 'campaign_predictor'"
AD_PANEL_NAME = "ad panel 'vendor_ads'"
MEDIA_MIX = "media mix 'brand_reach'"

CASES = {
    "missing column": Case(
        VIDEOS,
        lambda f: f.drop(columns="prior_avg_views"),
        ("stg_raw__video_experiments", "prior_avg_views"),
    ),
    "wrong type": Case(
        CAMPAIGNS, set_rows("total_spend", "n/a"), ("stg_campaigns_raw__campaigns", "n/a")
    ),
    "null key": Case(PANEL, set_rows("user_id", None), ("user_engagement_weekly", "user_id")),
    "duplicate key": Case(
        VIDEOS,
        lambda f: pd.concat([f, f.head(2)], ignore_index=True),
        ("unique_raw_video_experiments_video_id",),
    ),
    "non-binary treatment": Case(
        VIDEOS,
        set_rows("has_sentiment_caption", 2),
        ("accepted_values_stg_raw__video_experiments_has_sentiment_caption",),
    ),
    "one arm only": Case(
        VIDEOS,
        lambda f: f.assign(has_sentiment_caption=1),
        (STUDY, "'has_sentiment_caption'", "single arm"),
    ),
    "no overlap": Case(VIDEOS, separated_treatment, (STUDY, "overlap")),
    "negative spend": Case(
        CAMPAIGNS,
        set_rows("total_spend", -5.0),
        ("accepted_range_stg_campaigns_raw__campaigns_total_spend",),
    ),
    "empty table": Case(CAMPAIGNS, lambda f: f.head(0), (PREDICTOR, "has no rows")),
    "constant column": Case(
        PANEL, lambda f: f.assign(minutes_watched=60.0), (ROLLOUT, "'minutes_watched'", "constant")
    ),
    "NaN values": Case(PANEL, with_nan("minutes_watched"), (ROLLOUT, "'minutes_watched'", "NaN")),
    "infinite values": Case(
        CAMPAIGNS, set_rows("total_spend", np.inf), (PREDICTOR, "'total_spend'", "infinite")
    ),
    "time gap": Case(
        PANEL, period_after_a_gap("week_index", 1), (ROLLOUT, "'week_index'", "skips 1 period")
    ),
    "null fixed effect": Case(
        AD_PANEL, set_rows("vendor_id", None), (AD_PANEL_NAME, "'vendor_id'", "null")
    ),
    "negative media spend": Case(
        MEDIA, set_rows("spend", -5.0), (MEDIA_MIX, "'spend'", "negative")
    ),
    "duplicate rows": Case(  # the incremental staging would load them once: the file's test
        MEDIA,
        lambda f: pd.concat([f, f.tail(5)], ignore_index=True),
        ("unique_combination_of_columns_raw_channel_metrics",),
    ),
    "hour skipped by the media metrics": Case(
        MEDIA, period_after_a_gap("ts", pd.Timedelta(hours=1)), (MEDIA_MIX, "'ts'", "gaps")
    ),
}


@pytest.fixture(scope="module")
def baseline(demo_warehouse, tmp_path_factory):
    """(published file, data dir): copies of the demo warehouse and its data."""
    root = tmp_path_factory.mktemp("robustness")
    published = root / "warehouse" / "published.duckdb"
    published.parent.mkdir()
    shutil.copyfile(demo_warehouse.db_path, published)
    data_dir = root / "data"
    shutil.copytree(demo_warehouse.data_dir, data_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMPACTLYTICS_DATA_DIR", str(data_dir))
        yield published, data_dir


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_fails_the_refresh_and_changes_nothing(baseline, name):
    published, data_dir = baseline
    case = CASES[name]
    raw = data_dir / "raw" / f"{case.raw_file}.parquet"
    original = raw.read_bytes()
    before = file_checksum(published)
    broken = case.mutate(pd.read_parquet(raw))
    pq.write_table(broken if isinstance(broken, pa.Table) else pa.Table.from_pandas(broken), raw)
    try:
        run = refresh(published, SELECTIONS[case.raw_file])
    finally:
        raw.write_bytes(original)
    assert run.status == "failed"
    for expected in case.expected:
        assert expected in run.message, run.message
    assert file_checksum(published) == before
    assert not list(published.parent.glob(".*.building.duckdb*"))
