"""Outcome models of the CATE nuisances: a super learner (van der Laan, Polley & Hubbard 2007)
over a small library — AIPW's boosted trees, a ridge regression and a ridge on second-order
terms — whose convex weights per arm are chosen by non-negative least squares on held-out
predictions.

Trees fit thresholds and interactions but are noisy on a small arm and approximate smooth
surfaces by steps; the ridges are the low-variance choices when an arm has few units or its
surface is smooth. Which of them, or what mix, predicts better is decided by held-out error in
each study, not assumed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import nnls
from sklearn.base import BaseEstimator, RegressorMixin, clone

from impactlytics.causal.estimators.aipw import default_outcome_model

MAX_QUADRATIC_FEATURES = 30  # 495 second-order columns


class GCVRidge(RegressorMixin, BaseEstimator):
    """Ridge regression on the standardised polynomial terms of X up to ``degree`` (1: X
    itself; 2: also squares and pairwise products), unpenalised intercept, the penalty chosen
    from ``alphas`` by generalised cross-validation (Golub, Heath & Wahba 1979):
    min RSS(a) / (1 - df(a) / n)^2, df the trace of the hat matrix.

    Everything after the p x p Gram matrix is p x p algebra (one eigendecomposition for all
    penalties), so a fit costs about one pass over the n x p design. Learned: ``alpha_``,
    ``coef_`` (on the standardised terms), ``intercept_``.
    """

    def __init__(self, degree: int = 1, alphas: Sequence[float] = tuple(np.logspace(-3, 5, 17))):
        self.degree = degree
        self.alphas = alphas

    def _terms(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        z = (np.asarray(X, dtype=float) - self.x_mean_) / self.x_scale_
        if self.degree == 1:
            return z
        d = z.shape[1]
        terms = np.empty((len(z), d + d * (d + 1) // 2))
        terms[:, :d], start = z, d
        for j in range(d):  # z_j * z_k for k >= j
            terms[:, start : start + d - j] = z[:, j : j + 1] * z[:, j:]
            start += d - j
        return terms

    def fit(self, X: np.ndarray, y: np.ndarray) -> GCVRidge:  # noqa: N803
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)  # noqa: N806
        self.x_mean_, self.x_scale_ = X.mean(axis=0), _scale(X.std(axis=0))
        terms = self._terms(X)
        n = y.size
        self.term_mean_ = terms.mean(axis=0)
        y_mean = float(y.mean())
        centred = y - y_mean
        # Gram matrix of the standardised terms from the raw terms' (one pass over them)
        covariance = terms.T @ terms - n * np.outer(self.term_mean_, self.term_mean_)
        self.term_scale_ = _scale(np.sqrt(np.clip(np.diag(covariance), 0, None) / n))
        gram = covariance / np.outer(self.term_scale_, self.term_scale_)
        cross = (terms.T @ centred) / self.term_scale_
        total = float(centred @ centred)
        eigenvalues, vectors = np.linalg.eigh(gram)
        eigenvalues = np.clip(eigenvalues, 0, None)
        rotated = vectors.T @ cross
        best = None
        for alpha in self.alphas:
            shrink = 1 / (eigenvalues + alpha)
            coef = vectors @ (shrink * rotated)
            rss = max(total - 2 * coef @ cross + coef @ gram @ coef, 0.0)
            df = 1 + float(np.sum(eigenvalues * shrink))  # the intercept counts one
            score = rss / max(1 - df / n, 1e-12) ** 2
            if best is None or score < best[0]:
                best = (score, float(alpha), coef)
        _, self.alpha_, self.coef_ = best
        self.intercept_ = float(y_mean)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        slopes = self.coef_ / self.term_scale_
        return self._terms(X) @ slopes + (self.intercept_ - self.term_mean_ @ slopes)


def _scale(sd: np.ndarray) -> np.ndarray:
    """Standard deviations with zeros (constant columns) replaced by 1."""
    return np.where(sd > 0, sd, 1.0)


def outcome_library(
    random_state: int = 0, n_features: int | None = None
) -> tuple[RegressorMixin, ...]:
    """The candidate outcome models: AIPW's boosted trees; a ridge regression on X; and a ridge
    on X's second-order terms (squares and pairwise products, as SuperLearner's
    ``glm.interaction``), left out above ``MAX_QUADRATIC_FEATURES`` covariates, where its
    d (d + 3) / 2 columns would cost more than the trees."""
    library = [default_outcome_model(random_state), GCVRidge(degree=1)]
    if n_features is None or n_features <= MAX_QUADRATIC_FEATURES:
        library.append(GCVRidge(degree=2))
    return tuple(library)


def convex_weights(predictions: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights w >= 0 summing to 1 of the columns of held-out ``predictions`` (n, k) that
    minimise the squared error against ``y`` (n,): NNLS, rescaled (the super learner's
    convex combination). Equal weights if NNLS gives every column 0."""
    weights, _ = nnls(np.asarray(predictions, dtype=float), np.asarray(y, dtype=float))
    total = weights.sum()
    k = predictions.shape[1]
    return weights / total if total > 0 else np.full(k, 1 / k)


class WeightedRegressors(RegressorMixin, BaseEstimator):
    """sum_j weights[j] f_j(x) of the ``estimators`` (each cloned and fitted on the same data;
    those with weight 0 are not fitted). Learned: ``estimators_`` (None where skipped)."""

    def __init__(self, estimators: Sequence[RegressorMixin], weights: Sequence[float]) -> None:
        self.estimators = estimators
        self.weights = weights

    def fit(self, X: np.ndarray, y: np.ndarray) -> WeightedRegressors:  # noqa: N803
        self.estimators_ = [
            clone(estimator).fit(X, y) if weight > 0 else None
            for estimator, weight in zip(self.estimators, self.weights, strict=True)
        ]
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        total = np.zeros(len(X))
        for estimator, weight in zip(self.estimators_, self.weights, strict=True):
            if estimator is not None:
                total += weight * estimator.predict(X)
        return total
