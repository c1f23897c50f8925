"""Vendor-level slope corrections for the network's fixed effects.

A vendor's fixed effect absorbs the vendor-level part of the slope's error times the vendor's
mean slope variable: if beta_hat(X) is off by gamma_v for every row of vendor v, the least
squares effect of v is off by gamma_v * mean_v(d). The within-vendor regression of the
residual e = y - d'beta_hat - g_hat - sum of fixed effects on d (centred within the vendor)
estimates gamma_v; each component is shrunk towards zero by its precision (empirical Bayes:
gamma_v * tau^2 / (tau^2 + se_v^2), tau^2 the variance of the gammas less their mean sampling
variance), and the vendor's effect moves by mean_v(e) - gamma_v' mean_v(d), one step of the
least squares fit with the corrected slope.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np


@dataclass(frozen=True)
class VendorSlopeCorrection:
    """By vendor code: the shrunk slope corrections (vendors, slopes) and the change of each
    vendor's fixed effect (vendors,)."""

    gamma: np.ndarray
    effect_change: np.ndarray


def vendor_slope_correction(
    connection: duckdb.DuckDBPyConnection,
    source: str,
    vendor: str,
    slopes: list[str],
    residual: str,
    n_vendors: int,
) -> VendorSlopeCorrection:
    """``source`` is a FROM clause, ``vendor`` the SQL of the vendor code (0 .. n_vendors - 1),
    ``slopes`` the SQL of each slope variable and ``residual`` the SQL of e (see module)."""
    n_slopes = len(slopes)
    sums = ["count(*)", f"sum({residual})", f"sum(({residual}) * ({residual}))"]
    sums += [f"sum({d})" for d in slopes]
    sums += [f"sum({slopes[a]} * {slopes[b]})" for a in range(n_slopes) for b in range(n_slopes)]
    sums += [f"sum({d} * ({residual}))" for d in slopes]
    selected = ", ".join(f"{expression} as s{i}" for i, expression in enumerate(sums))
    rows = connection.execute(
        f"select {vendor} as vendor_code, {selected} from {source} group by {vendor}"
    ).fetchnumpy()
    values = [
        np.asarray(rows[name], float)
        for name in ["vendor_code"] + [f"s{i}" for i in range(len(sums))]
    ]
    codes = values[0].astype(np.int64)
    n, sum_e, sum_ee = values[1], values[2], values[3]
    sum_d = np.column_stack(values[4 : 4 + n_slopes])
    sum_dd = np.stack(values[4 + n_slopes : 4 + n_slopes + n_slopes**2], axis=1)
    sum_de = np.column_stack(values[4 + n_slopes + n_slopes**2 :])
    mean_d = sum_d / n[:, None]
    sxx = sum_dd.reshape(-1, n_slopes, n_slopes) - n[:, None, None] * np.einsum(
        "vs,vt->vst", mean_d, mean_d
    )
    sxe = sum_de - mean_d * sum_e[:, None]
    varies = np.all(np.diagonal(sxx, axis1=1, axis2=2) > 1e-9 * n[:, None], axis=1)
    inverse = np.zeros_like(sxx)
    inverse[varies] = np.linalg.pinv(sxx[varies], hermitian=True)
    gamma = np.einsum("vst,vt->vs", inverse, sxe)
    sigma2 = float(sum_ee.sum() / n.sum())
    se2 = sigma2 * np.diagonal(inverse, axis1=1, axis2=2)
    tau2 = np.clip(gamma[varies].var(axis=0) - se2[varies].mean(axis=0), 0.0, None)
    shrunk = np.where(varies[:, None], gamma * tau2 / np.maximum(tau2 + se2, 1e-300), 0.0)
    change = sum_e / n - np.einsum("vs,vs->v", shrunk, mean_d)
    gamma_by_code = np.zeros((n_vendors, n_slopes))
    change_by_code = np.zeros(n_vendors)
    gamma_by_code[codes], change_by_code[codes] = shrunk, change
    return VendorSlopeCorrection(gamma_by_code, change_by_code)
