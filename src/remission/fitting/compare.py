"""Model comparison on one dataset: BIC for maximum-likelihood fits, PSIS-LOO for Bayesian fits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission.errors import RemissionError
from remission.fitting.api import fit, load_data


def compare(models, data, method: str = "mle", **fit_kwargs) -> tuple[pd.DataFrame, dict]:
    """Fit every model to ``data`` and rank them.

    Parameters
    ----------
    models : list of str
        Registered model names.
    data : TrialData, DataFrame or path
    method : {"mle", "bayes"}
        ``mle``: total BIC over subjects (lower is better), with ΔBIC and the number of subjects
        each model fits best. ``bayes``: PSIS-LOO (leave one subject out) via ArviZ, ranked by
        ELPD (higher is better), with its SE, Δ and the Pareto-k warnings.
    **fit_kwargs
        Passed to :func:`remission.fitting.api.fit`.

    Returns
    -------
    table : pandas.DataFrame
        One row per model, best first.
    fits : dict
        Model name -> FitResult.
    """
    if len(models) < 2:
        raise RemissionError(f"compare needs at least two models, got {list(models)}")
    if method not in ("mle", "bayes"):
        raise RemissionError(f"method = {method!r}; valid: mle (BIC), bayes (PSIS-LOO)")
    for m in models:  # every name is checked before the first (slow) fit
        model_registry.get(m)
    data = load_data(data)
    fits = {m: fit(m, data, method=method, **fit_kwargs) for m in models}
    if method == "mle":
        bic = np.column_stack([f.subjects["bic"].to_numpy() for f in fits.values()])
        best = np.nanargmin(bic, axis=1)
        rows = [{"model": f.model, "k": int(f.subjects["k"].iloc[0]),
                 "loglik": float(f.subjects["loglik"].sum()), "bic": f.bic,
                 "subjects_best": int(np.sum(best == j))} for j, f in enumerate(fits.values())]
        table = pd.DataFrame(rows).sort_values("bic").reset_index(drop=True)
        table["delta_bic"] = table["bic"] - table["bic"].iloc[0]
        return table, fits
    import arviz as az

    rows = []
    for f in fits.values():
        loo = az.loo(f.idata, pointwise=True)
        k = np.asarray(loo.pareto_k)
        rows.append({"model": f.model, "elpd_loo": float(loo.elpd_loo), "elpd_loo_se": float(loo.se),
                     "p_loo": float(loo.p_loo), "pareto_k_above_0.7": int(np.sum(k > 0.7)),
                     "max_rhat": f.diagnostics.get("max_rhat")})
    table = pd.DataFrame(rows).sort_values("elpd_loo", ascending=False).reset_index(drop=True)
    table["delta_elpd"] = table["elpd_loo"].iloc[0] - table["elpd_loo"]
    return table, fits
