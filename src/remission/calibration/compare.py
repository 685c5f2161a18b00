"""Model comparison on held-out findings, with an explicit penalty for parameters.

The held-out score already punishes over-fitting (the findings were never trained on), but two
models of equal held-out score are not equally convincing when one has five times the knobs. The
comparison states the price of a knob explicitly:

    S_pen = S_test − λ · k

with k the number of calibrated dimensions (population means plus the spread scale) and
λ = :data:`PENALTY` per parameter (0.005: a 20-parameter model must beat a 2-parameter one by
0.09 on held-out findings, about a tenth of the score range, to rank above it). Ranking is by
S_pen; the table also gives the raw held-out score with its 95 % CI, so a reader can apply another λ.
"""

from __future__ import annotations

import math

import pandas as pd

from remission import models as model_registry
from remission.calibration.results import summarise

PENALTY = 0.005
"""λ: held-out score charged per calibrated parameter."""


def _loo_record(folds) -> dict:
    """The left-out finding of every fold, as one record (its score from the fold that left it out)."""
    rec = {"scores": {}, "status": {}, "low": {}, "high": {}, "replicates": {}, "notes": {}}
    for fit in folds:
        for f in fit.test:
            for key in rec:
                if f in fit.scores.get(key, {}):
                    rec[key][f] = fit.scores[key][f]
    return rec


def compare(result, penalty: float | None = None) -> pd.DataFrame:
    """Per model: k, training and held-out scores with CIs, findings passed, S_pen and rank."""
    lam = PENALTY if penalty is None else float(penalty)
    rows = []
    for m in list(result.fits) + [m for m in result.cv if m not in result.fits]:
        if m in result.fits:
            fit = result.fits[m]
            tr, te = fit.summary("train"), fit.summary("test")
            k, loss = fit.trace.space.dim, fit.trace.best_loss
        else:
            folds = result.cv[m]
            rec = _loo_record(folds)
            te = summarise(rec, list(rec["scores"]))
            tr = {"score": math.nan, "low": math.nan, "high": math.nan, "passed": 0, "n": 0}
            k, loss = folds[0].trace.space.dim, math.nan
        mdl = model_registry.get(m)
        rows.append({"model": m, "mechanism": mdl.mechanism, "k": k, "train_loss": loss,
                     "train": tr["score"], "train_low": tr["low"], "train_high": tr["high"],
                     "test": te["score"], "test_low": te["low"], "test_high": te["high"],
                     "train_passed": tr["passed"], "train_n": tr["n"],
                     "test_passed": te["passed"], "test_n": te["n"],
                     "penalty": lam * k, "penalised": te["score"] - lam * k})
    df = pd.DataFrame(rows)
    if not df.empty:
        df["rank"] = df["penalised"].rank(ascending=False, method="min", na_option="bottom").astype(int)
    return df
