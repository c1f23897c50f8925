"""Tests for the video-experiments simulator, its Parquet writer and the ``simulate`` CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from impactlytics.cli import main
from impactlytics.simulate import (
    CATEGORIES,
    OUTCOMES,
    PROPENSITY_CLIP,
    RAW_COLUMNS,
    TREATMENT,
    TRUTH_COLUMNS,
    n_videos_for_scale,
    population_ate,
    population_att,
    propensity_and_effects,
    simulate_video_experiments,
    write_causal_studies,
    write_parquet,
)

RAW_DTYPES = {
    "video_id": "str",
    "account_id": "str",
    "variant_id": "str",
    "posted_at": "datetime64[us, UTC]",
    "followers": "int64",
    "prior_avg_views": "float64",
    "duration_s": "float64",
    "hashtag_count": "int64",
    "caption_length": "int64",
    "posting_hour": "int64",
    "account_age_days": "int64",
    "category": "str",
    TREATMENT: "int64",
    "log_views": "float64",
    "log_likes": "float64",
    "log_shares": "float64",
}


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    return simulate_video_experiments(50_000, seed=7)


def test_columns_and_dtypes(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, truth = sample
    assert tuple(raw.columns) == RAW_COLUMNS
    assert tuple(truth.columns) == TRUTH_COLUMNS
    assert {c: str(t) for c, t in raw.dtypes.items()} == RAW_DTYPES
    assert all(str(t) == "float64" for t in truth.dtypes.drop("video_id"))
    assert len(raw) == len(truth) == 50_000
    assert raw["video_id"].is_unique
    assert (raw["video_id"] == truth["video_id"]).all()
    assert raw["video_id"].str.fullmatch(r"v\d{9}").all()


def test_covariate_ranges(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, _ = sample
    assert set(raw["category"]) == set(CATEGORIES)
    assert raw["duration_s"].between(5, 180).all()
    assert raw["hashtag_count"].between(0, 15).all()
    assert (raw["followers"] >= 0).all() and (raw["caption_length"] >= 0).all()
    assert raw["followers"].max() > 50 * raw["followers"].median()  # heavy tail
    assert np.corrcoef(np.log1p(raw["followers"]), np.log1p(raw["prior_avg_views"]))[0, 1] > 0.5
    n_accounts = raw["account_id"].nunique()
    assert 50_000 / 10 < n_accounts <= 50_000 / 8
    assert set(raw[TREATMENT]) == {0, 1}
    assert raw["posted_at"].min() >= pd.Timestamp("2026-01-01", tz="UTC")
    assert raw["posted_at"].max() < pd.Timestamp("2026-07-01", tz="UTC")


def test_posting_hour_matches_posted_at(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, _ = sample
    assert (raw["posted_at"].dt.hour == raw["posting_hour"]).all()


def test_nulls_only_in_log_shares(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, truth = sample
    null_share = raw.isna().mean()
    assert 0.005 < null_share["log_shares"] < 0.015
    assert (null_share.drop("log_shares") == 0).all()
    assert not truth.isna().any().any()


def test_propensity_overlap_and_calibration(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, truth = sample
    e = truth["true_propensity"]
    lo, hi = PROPENSITY_CLIP
    assert e.between(lo, hi).all()
    assert 0.30 <= raw[TREATMENT].mean() <= 0.50
    assert abs(raw[TREATMENT].mean() - e.mean()) < 0.01
    # Calibration within propensity deciles.
    bins = pd.qcut(e, 10, labels=False)
    by_bin = pd.DataFrame({"t": raw[TREATMENT], "e": e}).groupby(bins).mean()
    assert (by_bin["t"] - by_bin["e"]).abs().max() < 0.03


def test_effects_heterogeneous_and_modest(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, truth = sample
    tau = truth[[f"tau_{y}" for y in OUTCOMES]]
    assert 0.07 < tau["tau_log_views"].mean() < 0.13
    assert (tau["tau_log_views"] < 0).any()
    assert tau.std().between(0.03, 0.12).all()
    assert tau.mean().round(2).nunique() == 3  # outcomes have different effects


def test_naive_difference_is_confounded(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, truth = sample
    t = raw[TREATMENT] == 1
    naive = raw.loc[t, "log_views"].mean() - raw.loc[~t, "log_views"].mean()
    assert naive - truth["tau_log_views"].mean() > 0.05


def test_truth_matches_propensity_and_effects(sample: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw, truth = sample
    fx = propensity_and_effects(raw)
    np.testing.assert_allclose(fx.propensity, truth["true_propensity"])
    for y in OUTCOMES:
        np.testing.assert_allclose(fx.tau[y], truth[f"tau_{y}"])


def test_same_seed_identical_frames() -> None:
    a_raw, a_truth = simulate_video_experiments(2_000, seed=11)
    b_raw, b_truth = simulate_video_experiments(2_000, seed=11)
    pd.testing.assert_frame_equal(a_raw, b_raw)
    pd.testing.assert_frame_equal(a_truth, b_truth)
    c_raw, _ = simulate_video_experiments(2_000, seed=12)
    assert not a_raw["log_views"].equals(c_raw["log_views"])


def test_writer_is_byte_deterministic(tmp_path: Path) -> None:
    first = write_causal_studies(tmp_path / "a", seed=3, scale="small")
    second = write_causal_studies(tmp_path / "b", seed=3, scale="small")
    other = write_causal_studies(tmp_path / "c", seed=4, scale="small")
    assert set(first) == {
        "video_experiments",
        "video_effects",
        "job_training",
        "job_training_effects",
    }
    assert first["video_experiments"] == tmp_path / "a" / "raw" / "video_experiments.parquet"
    assert first["video_effects"] == tmp_path / "a" / "truth" / "video_effects.parquet"
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes()
        assert first[name].read_bytes() != other[name].read_bytes()


def test_write_parquet_roundtrip(tmp_path: Path) -> None:
    raw, _ = simulate_video_experiments(500, seed=0)
    path = write_parquet(raw, tmp_path / "nested" / "dir" / "x.parquet")
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, raw, check_dtype=False)
    assert str(back["posted_at"].dtype) == "datetime64[us, UTC]"


def test_cli_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["simulate", "--seed", "1", "--scale", "small", "--data-dir", str(tmp_path)]
        + ["--domains", "causal"]
    )
    assert code == 0
    raw_path = tmp_path / "raw" / "video_experiments.parquet"
    truth_path = tmp_path / "truth" / "video_effects.parquet"
    n = n_videos_for_scale("small")
    assert pq.read_metadata(raw_path).num_rows == n
    assert pq.read_metadata(truth_path).num_rows == n
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4  # the video study and the job-training study, raw and truth
    assert all(f"{n} rows" in line for line in lines if "video" in line)


def test_cli_data_dir_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPACTLYTICS_DATA_DIR", str(tmp_path / "env"))
    assert main(["simulate", "--scale", "small", "--domains", "causal"]) == 0
    assert (tmp_path / "env" / "raw" / "video_experiments.parquet").exists()


def test_invalid_scale_and_domain(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid scales are: small, default, large"):
        n_videos_for_scale("huge")
    with pytest.raises(SystemExit) as exc:
        main(["simulate", "--scale", "huge", "--data-dir", str(tmp_path)])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["simulate", "--domains", "nope", "--data-dir", str(tmp_path)])
    assert not any(tmp_path.iterdir())


def test_population_estimands_match_large_sample() -> None:
    raw, truth = simulate_video_experiments(200_000, seed=123)
    treated = raw[TREATMENT] == 1
    for y in OUTCOMES:
        tau = truth[f"tau_{y}"]
        assert population_ate(y, n=1_000_000) == pytest.approx(tau.mean(), abs=0.003)
        assert population_att(y, n=1_000_000) == pytest.approx(tau[treated].mean(), abs=0.004)
    with pytest.raises(ValueError, match="unknown outcome"):
        population_ate("log_comments")
