"""The campaign predictor: one candidate model with split-conformal intervals per target.

With `interval_group` (an option field), the intervals are calibrated separately on each of its
labels' calibration rows (Mondrian conformal): the coverage guarantee then holds within each
label, not only on average over them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from impactlytics.campaigns.candidates import make_candidate
from impactlytics.campaigns.conformal import conformal_quantile


class CampaignPredictor(BaseEstimator):
    """Fits `model` on training rows and calibrates split-conformal intervals on held-out rows.

    Parameters:
        model: a name of `candidates.CANDIDATES`.
        confidence_level: nominal coverage of each target's interval, in (0, 1).
        random_state: seed of the model.
        interval_group: an option field to calibrate the intervals per label of, or None for one
            calibration over all rows.

    Attributes (after `fit`):
        estimator_: the fitted two-output regressor (log1p impressions, log1p engagement).
        quantile_: group label ("" without groups) -> shape (2,), the conformal half-width of
            each target on the log1p scale.
        n_calibration_: number of calibration rows.
    """

    def __init__(
        self,
        model: str = "ridge_interactions",
        confidence_level: float = 0.95,
        random_state: int = 0,
        interval_group: str | None = None,
    ) -> None:
        self.model = model
        self.confidence_level = confidence_level
        self.random_state = random_state
        self.interval_group = interval_group

    def fit(
        self,
        X: pd.DataFrame,  # noqa: N803 (scikit-learn convention)
        Y: np.ndarray,  # noqa: N803
        X_calibration: pd.DataFrame,  # noqa: N803
        Y_calibration: np.ndarray,  # noqa: N803
    ) -> CampaignPredictor:
        """Fit on (X, Y) and calibrate on (X_calibration, Y_calibration); Y shape (n, 2), log1p."""
        self.estimator_ = make_candidate(self.model, self.random_state).fit(X, Y)
        residuals = Y_calibration - self.estimator_.predict(X_calibration)
        groups = self._groups(X_calibration)
        self.quantile_ = {
            group: conformal_quantile(residuals[groups == group], self.confidence_level)
            for group in np.unique(groups)
        }
        self.n_calibration_ = len(Y_calibration)
        return self

    def _groups(self, X: pd.DataFrame) -> np.ndarray:  # noqa: N803
        if self.interval_group is None:
            return np.full(len(X), "", dtype=object)
        return X[self.interval_group].astype(str).to_numpy(dtype=object)

    def predict(self, X: pd.DataFrame) -> np.ndarray:  # noqa: N803
        """Log1p predictions, shape (n, 2)."""
        return np.asarray(self.estimator_.predict(X), dtype=np.float64).reshape(len(X), 2)

    def predict_interval(
        self,
        X: pd.DataFrame,  # noqa: N803
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(prediction, lower, upper) on the count scale, each shape (n, 2): the log1p interval
        back-transformed with expm1 (monotone, so coverage carries over), lower bounds at least 0.
        """
        log_prediction = self.predict(X)
        half_width = np.array([self.quantile_[group] for group in self._groups(X)]).reshape(-1, 2)
        prediction = np.expm1(log_prediction)
        lower = np.maximum(np.expm1(log_prediction - half_width), 0.0)
        upper = np.expm1(log_prediction + half_width)
        return prediction, lower, upper
