"""Budget allocation: the spend per channel that maximises the predicted outcome.

Each free channel's observed spend pattern is scaled by a multiplier m_c within its bounds
(multiples of its observed spend); fixed channels keep m_c = 1; the total spend equals the
budget (default: the observed total). SLSQP maximises the predicted media effect over the range
(channels and overlap; overlap scales with both channels' multipliers).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from impactlytics.media_mix.data import MediaMixData
from impactlytics.media_mix.effects import media_effect
from impactlytics.media_mix.model import MediaMixFit

DEFAULT_BOUNDS = (0.5, 1.5)


def optimize_allocation(
    fit: MediaMixFit,
    data: MediaMixData,
    bounds: dict[str, tuple[float, float]],
    fixed: set[str],
    total_budget: float | None = None,
) -> np.ndarray:
    """(C,) spend multipliers of the optimal allocation.

    Raises ValueError when the budget cannot be met within the bounds.
    """
    spend = data.spend.sum(axis=0)
    budget = spend.sum() if total_budget is None else float(total_budget)
    limits = [
        (1.0, 1.0) if channel in fixed else tuple(bounds.get(channel, DEFAULT_BOUNDS))
        for channel in data.channels
    ]
    low = sum(lo * s for (lo, _), s in zip(limits, spend, strict=True))
    high = sum(hi * s for (_, hi), s in zip(limits, spend, strict=True))
    if not low - 1e-6 <= budget <= high + 1e-6:
        raise ValueError(
            f"budget {budget:,.2f} cannot be spent within the channel bounds "
            f"(between {low:,.2f} and {high:,.2f})"
        )
    scale = abs(media_effect(fit, data, np.ones(len(spend)))) or 1.0
    result = minimize(
        lambda m: -media_effect(fit, data, m) / scale,
        x0=np.clip(np.full(len(spend), budget / spend.sum()), *np.array(limits).T),
        bounds=limits,
        constraints=[{"type": "eq", "fun": lambda m: (m @ spend - budget) / budget}],
        method="SLSQP",
        options={"ftol": 1e-10, "maxiter": 200},
    )
    return np.asarray(result.x)
