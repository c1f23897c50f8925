"""Build the campaign predictor's output tables that the thin dbt Python models return.

The declared predictor's rows are split and checked before the first model is fitted.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

from impactlytics.campaigns.candidates import CANDIDATES
from impactlytics.campaigns.evaluation import target_metrics, tree_variance_interval
from impactlytics.campaigns.features import OPTION_COLUMNS, TARGETS, targets_of
from impactlytics.campaigns.forecasts import FORECAST_COLUMNS, forecast_frame
from impactlytics.campaigns.predictor import CampaignPredictor
from impactlytics.campaigns.selection import cross_validated_r2, select_model
from impactlytics.campaigns.spec import PredictorSpec
from impactlytics.campaigns.training import (
    CampaignInputError,
    CampaignSplits,
    fit_predictor,
    split_campaigns,
)
from impactlytics.frames import typed_frame
from impactlytics.threads import with_fit_threads

logger = logging.getLogger(__name__)

CONFORMAL = "split_conformal"
TREE_VARIANCE = "tree_variance"

METRICS_SCHEMA = {
    "model": "str",
    "target": "str",
    "interval_method": "str",
    "r2": "float64",
    "mae": "float64",
    "rmse": "float64",
    "mape": "float64",
    "interval_coverage": "float64",
    "interval_width": "float64",
    "is_selected": "bool",
    "cv_r2": "float64",
    "conformal_quantile": "float64",
    "interval_group": "str",
    "confidence_level": "float64",
    "n_train": "int64",
    "n_calibration": "int64",
    "n_test": "int64",
    "random_state": "int64",
}
FORECAST_SCHEMA = {
    "platform": "str",
    "campaign_type": "str",
    "content_type": "str",
    "total_spend": "float64",
    **dict.fromkeys(FORECAST_COLUMNS, "float64"),
}


TEST_PREDICTION_SCHEMA = {
    "campaign_id": "str",
    **dict.fromkeys(OPTION_COLUMNS, "str"),
    "total_spend": "float64",
    "target": "str",
    "actual": "float64",
    "predicted": "float64",
    "lower": "float64",
    "upper": "float64",
}


def declared_predictor(predictors: pd.DataFrame) -> PredictorSpec | None:
    """The spec of `int_campaign_predictor_declared`'s row, None when nothing is declared."""
    if predictors.empty:
        return None
    return PredictorSpec.from_json(predictors["spec_json"].iloc[0])


def _observed(rows: pd.DataFrame) -> np.ndarray:
    return rows[list(TARGETS)].to_numpy(dtype=np.float64)


def largest_half_width(predictor: CampaignPredictor) -> np.ndarray:
    """Shape (2,): the widest conformal half-width over the interval groups, per target."""
    return np.max(np.vstack(list(predictor.quantile_.values())), axis=0)


def _model_rows(
    spec: PredictorSpec, splits: CampaignSplits, cv_r2: dict[str, np.ndarray], random_state: int
) -> list[dict]:
    selected = select_model(cv_r2)
    logger.info("%s: selected %s by cross-validated R²", spec.label, selected)
    common = {
        "confidence_level": spec.confidence_level,
        "n_train": len(splits.train),
        "n_calibration": len(splits.calibration),
        "n_test": len(splits.test),
        "random_state": random_state,
        "interval_group": spec.interval_group,
    }
    rows = []
    for name in CANDIDATES:
        logger.info("%s: fitting %s and calibrating its intervals", spec.label, name)
        predictor = fit_predictor(spec, splits, name, random_state)
        intervals = {CONFORMAL: predictor.predict_interval(splits.test)}
        if isinstance(predictor.estimator_[-1], RandomForestRegressor):
            intervals[TREE_VARIANCE] = tree_variance_interval(
                predictor.estimator_, splits.test, spec.confidence_level
            )
        for method, (predicted, lower, upper) in intervals.items():
            metrics = target_metrics(_observed(splits.test), predicted, lower, upper)
            for j, row in enumerate(metrics):
                rows.append(
                    {
                        "model": name,
                        "interval_method": method,
                        **row,
                        "is_selected": name == selected,
                        "cv_r2": float(cv_r2[name][j]),
                        "conformal_quantile": largest_half_width(predictor)[j]
                        if method == CONFORMAL
                        else None,
                        **common,
                    }
                )
    return rows


@with_fit_threads
def model_metrics_table(
    predictors: pd.DataFrame, campaigns: pd.DataFrame, random_state: int
) -> pd.DataFrame:
    """`campaign_model_metrics`: one row per candidate x target x interval method, on the test
    rows, with each candidate's cross-validated R² on the training rows and the selection."""
    spec = declared_predictor(predictors)
    if spec is None:
        return typed_frame([], METRICS_SCHEMA)
    splits = split_campaigns(spec, campaigns)
    logger.info("%s: cross-validating %d candidates", spec.label, len(CANDIDATES))
    cv_r2 = cross_validated_r2(splits.train, targets_of(splits.train), random_state)
    return typed_frame(_model_rows(spec, splits, cv_r2, random_state), METRICS_SCHEMA)


@with_fit_threads
def selected_predictor(
    predictors: pd.DataFrame, campaigns: pd.DataFrame, metrics: pd.DataFrame
) -> CampaignPredictor | None:
    """The selected model refitted from the warehouse's rows with its recorded seed.

    Fitting is deterministic given the rows (sorted by id), the model and the seed, so this is the
    model `campaign_model_metrics` evaluated; a refit whose conformal half-widths or test metrics
    differ from the recorded ones raises CampaignInputError rather than serve other numbers. None
    when nothing is declared.
    """
    spec = declared_predictor(predictors)
    if spec is None:
        return None
    selected = metrics[metrics["is_selected"] & (metrics["interval_method"] == CONFORMAL)]
    recorded = selected.set_index("target").reindex(list(TARGETS))
    if recorded["model"].isna().any():
        raise CampaignInputError(
            f"{spec.label}: campaign_model_metrics has no selected model for every target; "
            "rebuild it together with the campaign tables"
        )
    splits = split_campaigns(spec, campaigns)
    predictor = fit_predictor(
        spec, splits, str(recorded["model"].iloc[0]), int(recorded["random_state"].iloc[0])
    )
    refit = pd.DataFrame(
        target_metrics(_observed(splits.test), *predictor.predict_interval(splits.test))
    ).assign(conformal_quantile=largest_half_width(predictor))
    checked = ["r2", "interval_coverage", "interval_width", "conformal_quantile"]
    if not np.allclose(refit[checked], recorded[checked], rtol=1e-9, atol=0):
        raise CampaignInputError(
            f"{spec.label}: refitting {predictor.model} did not reproduce the recorded test "
            "metrics and conformal half-widths; rebuild campaign_model_metrics with this library "
            "version"
        )
    return predictor


def forecasts_table(
    predictors: pd.DataFrame,
    campaigns: pd.DataFrame,
    metrics: pd.DataFrame,
    grid: pd.DataFrame,
) -> pd.DataFrame:
    """`campaign_forecasts`: the selected model's forecast for every row of the planning grid."""
    predictor = selected_predictor(predictors, campaigns, metrics)
    if predictor is None:
        return typed_frame([], FORECAST_SCHEMA)
    logger.info("forecasting %d grid rows with %s", len(grid), predictor.model)
    ordered = grid.sort_values([*OPTION_COLUMNS, "total_spend"], ignore_index=True)
    return typed_frame(forecast_frame(predictor, ordered), FORECAST_SCHEMA)


def test_predictions_table(
    predictors: pd.DataFrame, campaigns: pd.DataFrame, metrics: pd.DataFrame
) -> pd.DataFrame:
    """`campaign_test_predictions`: the selected model's prediction and conformal interval for
    every held-out (test) campaign and target, beside the observed value."""
    predictor = selected_predictor(predictors, campaigns, metrics)
    if predictor is None:
        return typed_frame([], TEST_PREDICTION_SCHEMA)
    test = split_campaigns(declared_predictor(predictors), campaigns).test
    predicted, lower, upper = predictor.predict_interval(test)
    observed = _observed(test)
    frames = [
        test[["campaign_id", *OPTION_COLUMNS, "total_spend"]].assign(
            target=target,
            actual=observed[:, j],
            predicted=predicted[:, j],
            lower=lower[:, j],
            upper=upper[:, j],
        )
        for j, target in enumerate(TARGETS)
    ]
    return typed_frame(pd.concat(frames, ignore_index=True), TEST_PREDICTION_SCHEMA)
