"""Predictive checks of a fit, per phase: observed behaviour against the fitted model's predictions.

Each subject's own history is replayed through the model (:func:`remission.fitting.likelihood.replay`)
under the fitted parameters: the maximum-likelihood estimates (a *plug-in* check, one prediction),
or posterior draws (a *posterior predictive* check, with a 90 % band across draws). Predictions are
one step ahead: the probability of each option given everything before the step, and the expected
CR on the measure's scale (the response model with the subject's profiled coefficients). Both are
averaged across subjects at each position within each phase (trial or bin count since the phase
began), next to the observed choice shares and mean CRs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission import models
from remission.fitting import response as responses
from remission.fitting.likelihood import replay
from remission.protocols.schema import ACTIONS


def predictions(result, draws: int = 20, seed: int = 0) -> list[dict]:
    """Replays of the data under the fitted parameters: the estimates (MLE) or posterior draws."""
    mdl = models.get(result.model)
    design = result.design
    if result.idata is None:
        est = result.estimates()
        return [replay(mdl, design, {k: est[k].to_numpy() for k in est.columns})]
    post = result.idata.posterior
    names = list(dict.fromkeys(result.params["parameter"]))
    flat = {n: np.asarray(post[n]).reshape(-1, design.n_subjects) for n in names}
    n_draws = len(flat[names[0]])
    pick = np.random.default_rng(seed).choice(n_draws, size=min(draws, n_draws), replace=False)
    return [replay(mdl, design, {**{n: flat[n][d] for n in names}, **result.fixed}) for d in pick]


def kind(result) -> str:
    """What the check is, for titles."""
    if result.idata is None:
        where = "maximum a posteriori" if result.method == "map" else "maximum-likelihood"
        return f"plug-in predictive check at the {where} estimates (not a posterior check)"
    return "posterior predictive check (90 % band over posterior draws)"


def positions(design) -> np.ndarray:
    """Position of each step within its phase (0, 1, ...), per subject; -1 on padding."""
    phase = design.obs["phase"]
    pos = np.full(phase.shape, -1)
    for k in range(len(design.phase_names)):
        here = (phase == k) & design.valid
        pos = np.where(here, np.cumsum(here, axis=1) - 1, pos)
    return pos


def _measures(result, rep) -> dict:
    """Per measure: (observed, predicted, where observed), arrays (N, T)."""
    d = result.design
    out = {}
    for a, name in enumerate(ACTIONS):
        if (d.actions[d.mask] == a).any():
            out[f"P({name})"] = ((d.actions == a).astype(float), rep[f"p_{name}"], d.mask)
    if d.cr_mask.any() and "response" in rep:
        y = responses.transform(result.response, d.cr, d.cr_mask, d.data.source)
        pred = responses.predict(result.response, rep["response"], y, d.cr_mask)
        out["CR"] = (d.cr, pred, d.cr_mask)
    return out


def phase_table(result, draws: int = 20, seed: int = 0) -> pd.DataFrame:
    """Observed and predicted means per measure, phase and position within the phase.

    Columns: measure (``P(option)`` or ``CR``), phase, position, n (subjects observed there),
    observed, predicted (mean over draws), low and high (5th and 95th percentiles over posterior
    draws; equal to ``predicted`` for MLE fits).
    """
    d = result.design
    reps = predictions(result, draws, seed)
    pos, phase = positions(d), d.obs["phase"]
    per_rep = [_measures(result, rep) for rep in reps]
    rows = []
    for measure, (observed, _, where) in per_rep[0].items():
        for k, name in enumerate(d.phase_names):
            sel = where & (phase == k)
            if not sel.any():
                continue
            p = pos[sel]
            n = np.bincount(p)
            obs_mean = np.bincount(p, observed[sel]) / np.maximum(n, 1)
            preds = np.array([np.bincount(p, m[measure][1][sel]) / np.maximum(n, 1) for m in per_rep])
            lo, hi = np.percentile(preds, [5, 95], axis=0)
            keep = n > 0
            rows.append(pd.DataFrame({"measure": measure, "phase": name, "position": np.flatnonzero(keep),
                                      "n": n[keep], "observed": obs_mean[keep],
                                      "predicted": preds.mean(0)[keep], "low": lo[keep], "high": hi[keep]}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["measure", "phase", "position", "n", "observed", "predicted", "low", "high"])
