"""Model selection: every candidate's cross-validated R² per target on the training rows."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score
from sklearn.model_selection import KFold, cross_val_predict

from impactlytics.campaigns.candidates import CANDIDATES, make_candidate

logger = logging.getLogger(__name__)

N_FOLDS = 5


def cross_validated_r2(
    X: pd.DataFrame,  # noqa: N803 (scikit-learn convention)
    Y: np.ndarray,  # noqa: N803
    random_state: int,
) -> dict[str, np.ndarray]:
    """Candidate name -> shape (2,) out-of-fold R² of each log1p target (5 shuffled folds)."""
    folds = KFold(N_FOLDS, shuffle=True, random_state=random_state)
    scores = {}
    for name in CANDIDATES:
        logger.info("cross-validating %s on %d campaigns", name, len(X))
        predicted = cross_val_predict(make_candidate(name, random_state), X, Y, cv=folds)
        scores[name] = r2_score(Y, predicted, multioutput="raw_values")
    return scores


def select_model(scores: dict[str, np.ndarray]) -> str:
    """The candidate with the highest R² averaged over targets (the first one on ties)."""
    return max(scores, key=lambda name: float(np.mean(scores[name])))
