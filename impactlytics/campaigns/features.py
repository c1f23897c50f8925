"""Model inputs and targets of the campaign predictor.

Inputs are the three option fields (one-hot encoded, their levels learned from the training
rows) and log1p(total_spend); targets are log1p(impressions) and log1p(engagement).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

OPTION_COLUMNS: tuple[str, ...] = ("platform", "campaign_type", "content_type")
SPEND_FEATURE = "log_spend"
TARGETS: tuple[str, ...] = ("impressions", "engagement")
LOG_TARGETS: tuple[str, ...] = tuple(f"log_{target}" for target in TARGETS)


class OptionEncoder(TransformerMixin, BaseEstimator):
    """One-hot columns of each option field (levels sorted, learned in `fit`), then log spend.

    Input: a frame with `OPTION_COLUMNS` and `SPEND_FEATURE`; output shape (n, n_levels + 1).
    A label not seen in `fit` raises ValueError naming the field. Attributes: `categories_`,
    one sorted array of labels per option field.
    """

    def fit(self, X: pd.DataFrame, y: np.ndarray | None = None) -> OptionEncoder:  # noqa: N803
        self.categories_ = [np.unique(X[column].astype(str)) for column in OPTION_COLUMNS]
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:  # noqa: N803
        blocks = []
        for column, levels in zip(OPTION_COLUMNS, self.categories_, strict=True):
            values = X[column].astype(str).to_numpy()
            codes = np.minimum(np.searchsorted(levels, values), len(levels) - 1)
            unknown = levels[codes] != values
            if unknown.any():
                raise ValueError(f"unknown {column} labels: {sorted(set(values[unknown]))[:5]}")
            blocks.append(np.eye(len(levels))[codes])
        blocks.append(X[SPEND_FEATURE].to_numpy(dtype=np.float64).reshape(-1, 1))
        return np.hstack(blocks)


def model_inputs(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's input frame (options and log1p spend) from rows with `total_spend`."""
    inputs = frame[list(OPTION_COLUMNS)].astype(str).reset_index(drop=True)
    inputs[SPEND_FEATURE] = np.log1p(frame["total_spend"].to_numpy(dtype=np.float64))
    return inputs


def targets_of(frame: pd.DataFrame) -> np.ndarray:
    """Log1p targets of featurized rows, shape (n, 2) in `TARGETS` order."""
    return frame[list(LOG_TARGETS)].to_numpy(dtype=np.float64)
