"""Held-out losses that rank CATE learners without ground truth."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.cate.nuisance import CateData


def r_loss(data: CateData, tau: np.ndarray) -> float:
    """Nie & Wager's R-loss mean[((Y - m) - tau (T - e))^2] of out-of-fold effects ``tau`` (n,)."""
    return float(np.mean((data.y_residual - tau * data.t_residual) ** 2))


def dr_loss(data: CateData, tau: np.ndarray) -> float:
    """Doubly robust pseudo-outcome loss mean[(psi - tau)^2], psi the AIPW score."""
    return float(np.mean((data.pseudo_outcome - tau) ** 2))


def select_by_r_loss(losses: dict[str, float]) -> str:
    """The learner with the smallest R-loss (ties: first in name order)."""
    return min(sorted(losses), key=losses.__getitem__)
