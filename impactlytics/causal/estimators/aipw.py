"""Cross-fitted augmented IPW (doubly robust) estimator."""

from __future__ import annotations

import numpy as np
from sklearn.base import RegressorMixin, clone
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import StratifiedKFold

from impactlytics.causal.estimators.base import CausalEstimator, EffectData, EffectEstimate


def default_outcome_model(random_state: int = 0) -> RegressorMixin:
    """Shallow, regularised boosted trees; no early stopping so fits are deterministic."""
    return HistGradientBoostingRegressor(
        learning_rate=0.05,
        max_iter=300,
        max_depth=4,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=random_state,
    )


def ate_scores(
    t: np.ndarray, y: np.ndarray, e: np.ndarray, mu0: np.ndarray, mu1: np.ndarray
) -> np.ndarray:
    """AIPW scores of the ATE, shape (n,):
    mu1 - mu0 + T (Y - mu1) / e - (1 - T) (Y - mu0) / (1 - e).

    Their mean is the AIPW estimate; each is also the doubly robust pseudo-outcome of tau(x_i).
    """
    return mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)


class AIPW(CausalEstimator):
    """Doubly robust AIPW with outcome models cross-fitted on K stratified folds.

    For each fold, one regressor per arm is trained on the other folds and predicts
    mu1(x), mu0(x) for the held-out units (the propensity is taken as given, ideally already
    out-of-fold). Scores, with e = propensity and p = P(T=1):

    - ATE: psi = mu1 - mu0 + T (Y - mu1) / e - (1 - T) (Y - mu0) / (1 - e)
    - ATT: psi = [T (Y - mu0) - (1 - T) e / (1 - e) (Y - mu0)] / p

    Estimate = mean(score); SE = sd(influence function) / sqrt(n).

    ``outcome_model``: any scikit-learn regressor (cloned per arm and fold; its
    ``random_state`` is set when it has one); ``None`` uses :func:`default_outcome_model`.
    """

    name = "aipw"
    needs_cross_fitted_propensity = True

    def __init__(
        self,
        estimand: str = "ATE",
        alpha: float = 0.05,
        random_state: int = 0,
        n_folds: int = 5,
        outcome_model: RegressorMixin | None = None,
    ) -> None:
        super().__init__(estimand=estimand, alpha=alpha, random_state=random_state)
        self.n_folds = n_folds
        self.outcome_model = outcome_model

    def _template(self) -> RegressorMixin:
        if self.outcome_model is None:
            return default_outcome_model(self.random_state)
        model = clone(self.outcome_model)
        if "random_state" in model.get_params():
            model.set_params(random_state=self.random_state)
        return model

    def cross_fit(self, data: EffectData, arms: tuple[int, ...]) -> dict[int, np.ndarray]:
        """Out-of-fold predictions mu_a(X_i), shape (n,), for each arm a in ``arms``; the folds
        used are kept in ``folds_``."""
        smallest_arm = int(min(data.t.sum(), data.t.size - data.t.sum()))
        n_folds = min(int(self.n_folds), smallest_arm // 2)
        if n_folds < 2:
            raise ValueError("AIPW needs at least 4 units per arm to cross-fit")
        self.n_folds_ = n_folds
        template = self._template()
        folds = StratifiedKFold(n_folds, shuffle=True, random_state=self.random_state)
        self.folds_ = list(folds.split(data.X, data.t))
        preds = {arm: np.empty(data.t.size) for arm in arms}
        for train, test in self.folds_:
            for arm in arms:
                rows = train[data.t[train] == arm]
                model = clone(template).fit(data.X[rows], data.y[rows])
                preds[arm][test] = model.predict(data.X[test])
        return preds

    def _estimate(self, data: EffectData) -> EffectEstimate:
        t, y, e = data.t, data.y, data.e
        n = t.size
        if self.estimand == "ATE":
            mu = self.cross_fit(data, (0, 1))
            scores = ate_scores(t, y, e, mu[0], mu[1])
            estimate = scores.mean()
            influence = scores - estimate
        else:
            mu0 = self.cross_fit(data, (0,))[0]
            p = t.mean()
            residual = y - mu0
            numerator = t * residual - (1 - t) * (e / (1 - e)) * residual
            estimate = numerator.mean() / p
            influence = (numerator - t * estimate) / p
        std_error = np.std(influence, ddof=1) / np.sqrt(n)
        method = (
            f"Cross-fitted AIPW ({self.estimand} doubly robust score, {self.n_folds_}-fold "
            "outcome models per arm), SE = sd(influence function)/sqrt(n)"
        )
        return EffectEstimate(float(estimate), float(std_error), method)
