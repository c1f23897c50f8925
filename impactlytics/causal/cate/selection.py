"""Held-out losses that rank CATE learners without ground truth."""

from __future__ import annotations

import numpy as np

from impactlytics.causal.cate.nuisance import CateData


def r_loss(data: CateData, tau: np.ndarray, target: np.ndarray | None = None) -> float:
    """Nie & Wager's R-loss mean[((Y - m) - tau (T - e))^2] of out-of-fold effects ``tau`` (n,),
    averaged over the ``target`` units (default all). Over the treated alone it is still
    minimised by the true tau, there weighted by (1 - e)^2: the ATT's population."""
    losses = (data.y_residual - tau * data.t_residual) ** 2
    return float(np.mean(losses if target is None else losses[target]))


def dr_loss(data: CateData, tau: np.ndarray, target: np.ndarray | None = None) -> float:
    """Doubly robust pseudo-outcome loss mean[(psi - tau)^2], psi the AIPW score, averaged
    over the ``target`` units (default all)."""
    losses = (data.pseudo_outcome - tau) ** 2
    return float(np.mean(losses if target is None else losses[target]))


def select_by_r_loss(losses: dict[str, float]) -> str:
    """The learner with the smallest R-loss (ties: first in name order)."""
    return min(sorted(losses), key=losses.__getitem__)
