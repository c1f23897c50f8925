"""Split-conformal prediction intervals.

For calibration residuals |y_i - f(x_i)|, i = 1..n, exchangeable with a new point's, the
interval f(x) ± q with q the ceil((n + 1) * level)-th smallest residual covers the new y with
probability at least `level` (and below level + 1 / (n + 1) when residuals have no ties); the
guarantee is marginal, over calibration and test draws, not conditional on x.
"""

from __future__ import annotations

import math

import numpy as np


def conformal_quantile(residuals: np.ndarray, level: float) -> np.ndarray:
    """The split-conformal half-width per column of absolute `residuals` (shape (n, k) or (n,)).

    Infinite when n is too small for the level (ceil((n + 1) * level) > n).
    """
    residuals = np.abs(np.asarray(residuals, dtype=np.float64))
    n = residuals.shape[0]
    rank = math.ceil((n + 1) * level - 1e-9)  # tolerance: (n + 1) * level may round up
    if rank > n:
        return np.full(residuals.shape[1:], np.inf)
    return np.sort(residuals, axis=0)[rank - 1]
