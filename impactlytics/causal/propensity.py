"""Cross-fitted propensity-score model with out-of-fold model selection by log-loss."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from impactlytics.causal.features import AdditiveSplineFeatures

PROPENSITY_CANDIDATES: tuple[str, ...] = ("logistic", "gradient_boosting")
_CLIP = 1e-6  # keeps out-of-fold propensities strictly inside (0, 1)


def check_treatment(treatment: np.ndarray) -> np.ndarray:
    """Validate a binary treatment vector; return it as an int8 array of shape (n,)."""
    t = np.asarray(treatment)
    if t.ndim != 1:
        raise ValueError(f"treatment must be 1-D, got shape {t.shape}")
    if not np.isin(t, (0, 1)).all():
        raise ValueError("treatment must contain only 0/1 values")
    return t.astype(np.int8)


def check_propensity(propensity: np.ndarray, n: int | None = None) -> np.ndarray:
    """Validate propensity scores strictly inside (0, 1); return a float array of shape (n,)."""
    e = np.asarray(propensity, dtype=float)
    if e.ndim != 1 or (n is not None and e.shape[0] != n):
        raise ValueError(f"propensity must have shape ({n},), got {e.shape}")
    if not (np.isfinite(e).all() and (e > 0).all() and (e < 1).all()):
        raise ValueError("propensity scores must be finite and strictly inside (0, 1)")
    return e


def make_propensity_candidate(name: str, random_state: int = 0) -> ClassifierMixin:
    """Unfitted classifier for candidate ``name`` (one of :data:`PROPENSITY_CANDIDATES`)."""
    if name == "logistic":
        return make_pipeline(
            AdditiveSplineFeatures(), StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)
        )
    if name == "gradient_boosting":
        return HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=200,
            max_depth=3,
            min_samples_leaf=40,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=random_state,
        )
    raise ValueError(f"unknown propensity candidate {name!r}; choose from {PROPENSITY_CANDIDATES}")


def logistic_score_design(X: np.ndarray) -> np.ndarray:  # noqa: N803
    """[1, AdditiveSplineFeatures(X)], shape (n, 1 + p): the design whose span is the score
    space of the "logistic" candidate (its scaler rescales columns and changes no span)."""
    features = AdditiveSplineFeatures().fit_transform(X)
    return np.column_stack([np.ones(features.shape[0]), features])


class PropensityModel:
    """Propensity score e(x) = P(T=1 | X=x) chosen among candidates by cross-fitted log-loss.

    Every candidate is cross-fitted on the same stratified K folds; ``propensity_`` holds the
    out-of-fold predictions (shape (n,), clipped to [1e-6, 1 - 1e-6]) of the candidate with
    the lowest held-out log-loss, so no unit's score comes from a model trained on it.

    ``propensity_full_fit_`` holds the selected candidate refitted on all units and evaluated
    in sample: the estimated balancing score that weighting, matching and stratification are
    built on. Out-of-fold scores carry prediction noise independent of treatment, which acts
    like measurement error in a confounder and leaves residual confounding in matches and strata.

    Learned attributes: ``propensity_``, ``propensity_full_fit_``, ``selected_model_``,
    ``log_loss_`` (name -> mean held-out log-loss in nats), ``n_folds_`` (folds actually used).
    """

    def __init__(
        self,
        candidates: Sequence[str] = PROPENSITY_CANDIDATES,
        n_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.candidates = candidates
        self.n_folds = n_folds
        self.random_state = random_state

    def fit(self, X: np.ndarray, treatment: np.ndarray) -> PropensityModel:  # noqa: N803
        """Cross-fit every candidate. X (n, d) float; treatment (n,) in {0, 1}."""
        x = np.asarray(X, dtype=float)
        t = check_treatment(treatment)
        if x.ndim != 2 or x.shape[0] != t.shape[0]:
            raise ValueError(f"X must have shape ({t.shape[0]}, d), got {x.shape}")
        if len(self.candidates) == 0:
            raise ValueError("at least one propensity candidate is required")
        smallest_arm = int(min(t.sum(), t.size - t.sum()))
        n_folds = min(int(self.n_folds), smallest_arm)
        if n_folds < 2:
            raise ValueError("need at least 2 units in each arm to cross-fit the propensity")

        folds = list(
            StratifiedKFold(n_folds, shuffle=True, random_state=self.random_state).split(x, t)
        )
        predictions: dict[str, np.ndarray] = {}
        losses: dict[str, float] = {}
        for name in self.candidates:
            template = make_propensity_candidate(name, self.random_state)
            oof = np.empty(t.size)
            for train, test in folds:
                model = clone(template).fit(x[train], t[train])
                oof[test] = model.predict_proba(x[test])[:, 1]
            oof = np.clip(oof, _CLIP, 1.0 - _CLIP)
            predictions[name] = oof
            losses[name] = float(log_loss(t, oof, labels=[0, 1]))

        self.selected_model_ = min(losses, key=losses.__getitem__)
        self.propensity_ = predictions[self.selected_model_]
        full_fit = make_propensity_candidate(self.selected_model_, self.random_state).fit(x, t)
        self.propensity_full_fit_ = np.clip(full_fit.predict_proba(x)[:, 1], _CLIP, 1.0 - _CLIP)
        self.log_loss_ = losses
        self.n_folds_ = n_folds
        return self
