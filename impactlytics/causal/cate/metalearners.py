"""Cross-fitted meta-learners: S, T, X (Künzel et al. 2019), DR (Kennedy 2023) and R (Nie &
Wager 2021), and the constant effect they must beat. Their nuisances are the shared
out-of-fold AIPW outcome models and propensity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor

from impactlytics.causal.cate.base import CateLearner, EffectFunction
from impactlytics.causal.cate.nuisance import CateData, CateNuisances
from impactlytics.causal.cate.outcome_models import WeightedRegressors, outcome_library
from impactlytics.causal.cate.scores import estimand_scores
from impactlytics.causal.estimators.aipw import default_outcome_model


def effect_model(random_state: int = 0) -> RegressorMixin:
    """Second-stage regressor of tau(x): shallower and shorter than the outcome models, since
    the effect surface is assumed simpler than the outcome surfaces."""
    return HistGradientBoostingRegressor(
        learning_rate=0.1,
        max_iter=100,
        max_depth=3,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=random_state,
    )


def quantile_codes(X: np.ndarray, max_bins: int = 255) -> Callable[[np.ndarray], np.ndarray]:  # noqa: N803
    """x -> each column's bin index on the unweighted quantile grid of X's column: the
    midpoints of its distinct values when it has at most ``max_bins``, else its 1/max_bins
    quantiles (the bins boosted trees use without sample weights). Boosted trees fitted on the
    indices split as on X, and skip their weighted binning, which computes each weighted
    percentile separately and was most of a weighted fit's time on a large study."""
    edges = []
    for column in np.asarray(X, dtype=float).T:
        distinct = np.unique(column)
        if distinct.size <= max_bins:
            edges.append((distinct[:-1] + distinct[1:]) / 2)
        else:
            percentiles = np.linspace(0, 100, max_bins + 1)[1:-1]
            grid = np.percentile(column, percentiles, method="averaged_inverted_cdf")
            edges.append(np.unique(grid))

    def codes(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return np.column_stack(
            [np.searchsorted(edge, x[:, j], side="right") for j, edge in enumerate(edges)]
        ).astype(float)

    return codes


class SLearner(CateLearner):
    """One outcome model on (X, T) (the AIPW outcome model's trees at twice the learning rate
    and half the iterations); tau(x) = f(x, 1) - f(x, 0)."""

    name = "s_learner"

    def _fit_stage(self, data: CateData) -> EffectFunction:
        model = default_outcome_model(self.random_state).set_params(learning_rate=0.1, max_iter=150)
        model.fit(np.column_stack([data.X, data.t]), data.y)

        def effect(x: np.ndarray) -> np.ndarray:
            ones, zeros = np.ones(len(x)), np.zeros(len(x))
            return model.predict(np.column_stack([x, ones])) - model.predict(
                np.column_stack([x, zeros])
            )

        return effect


class TLearner(CateLearner):
    """One outcome model per arm, the nuisances' super learner with their weights for that arm;
    tau(x) = mu1(x) - mu0(x). Its out-of-fold effects are the shared out-of-fold predictions."""

    name = "t_learner"

    def _out_of_fold(self, nuisances: CateNuisances) -> np.ndarray:
        return nuisances.data.mu1 - nuisances.data.mu0

    def _fit_stage(self, data: CateData) -> EffectFunction:
        library = outcome_library(self.random_state, data.X.shape[1])
        arms = [
            WeightedRegressors(library, self.nuisances_.outcome_weights[a]).fit(
                data.X[data.t == a], data.y[data.t == a]
            )
            for a in (0, 1)
        ]
        return lambda x: arms[1].predict(x) - arms[0].predict(x)


class XLearner(CateLearner):
    """Imputed effects Y - mu0(X) on the treated and mu1(X) - Y on the controls, each
    regressed on X; combined as p tau0(x) + (1 - p) tau1(x) with p the treated share."""

    name = "x_learner"

    def _fit_stage(self, data: CateData) -> EffectFunction:
        treated = data.t == 1
        tau1 = effect_model(self.random_state).fit(data.X[treated], (data.y - data.mu0)[treated])
        tau0 = effect_model(self.random_state).fit(data.X[~treated], (data.mu1 - data.y)[~treated])
        p = float(treated.mean())
        return lambda x: p * tau0.predict(x) + (1 - p) * tau1.predict(x)


class DRLearner(CateLearner):
    """The AIPW pseudo-outcome regressed on X."""

    name = "dr_learner"

    def _fit_stage(self, data: CateData) -> EffectFunction:
        return effect_model(self.random_state).fit(data.X, data.pseudo_outcome).predict


class RLearner(CateLearner):
    """Minimises the R-loss: (Y - m) / (T - e) regressed on X with weights (T - e)^2."""

    name = "r_learner"

    def _fit_stage(self, data: CateData) -> EffectFunction:
        t_residual = data.t_residual
        codes = quantile_codes(data.X)
        model = effect_model(self.random_state)
        model.fit(codes(data.X), data.y_residual / t_residual, sample_weight=t_residual**2)
        return lambda x: model.predict(codes(x))


class ConstantEffect(CateLearner):
    """tau(x) = the AIPW estimate of the estimand (the ATE, or the ATT for an ATT study): the
    baseline a heterogeneous learner must beat on the R-loss to be selected, and the
    ensemble's shrinkage target."""

    name = "constant"

    def _fit_stage(self, data: CateData) -> EffectFunction:
        scores = estimand_scores(data, self.estimand)
        average = float(scores.score.sum() / scores.weight.sum())
        return lambda x: np.full(len(x), average)
