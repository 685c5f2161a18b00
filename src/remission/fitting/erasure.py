"""Recovering the erasure share ε of the dual-trace model (docs/MODELS.md §6).

ε is identifiable only from a design in which erasure and competition predict different
behaviour: after extinction in another context (ABA renewal) and after a long abstinence gap
(spontaneous recovery) a competing memory is retrieved less and the drug trace returns, whereas an
erased drug trace does not. The model's recovery design (``Model.recovery``: the
``renewal_recovery`` paradigm) is that design; :func:`epsilon_discrimination` asks whether fitted ε
tells ε = 0.2 from ε = 0.8 across simulated datasets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission import models
from remission.errors import RemissionError
from remission.fitting.likelihood import ParamLayout
from remission.fitting.mle import fit_mle
from remission.fitting.recovery import draw_params, recovery_protocol, simulate_data
from remission.io import build_design


def epsilon_discrimination(model="dual_trace", n_datasets: int = 20, n_subjects: int = 10,
                           n_trials: int = 200, seed: int = 0, starts: int = 3) -> pd.DataFrame:
    """Fit ε in simulated datasets whose subjects all have ε = 0.2 or all ε = 0.8.

    Other fitted parameters (η, β) vary per subject as in
    :func:`~remission.fitting.recovery.draw_params`. A dataset is classified by the median of its
    subjects' fitted ε (above or below 0.5).

    Returns
    -------
    pandas.DataFrame
        One row per dataset: true ε, median fitted ε, correct (bool), and the share of its subjects
        classified correctly.
    """
    mdl = models.get(model)
    if mdl.erasure_share is None:
        raise RemissionError(f"model {mdl.name!r} has no erasure share to discriminate; use a model "
                             "whose metadata declares one (the dual-trace family)")
    layout = ParamLayout(mdl, mdl.recovery_fit)
    rows = []
    for k in range(n_datasets):
        eps = 0.2 if k % 2 == 0 else 0.8
        truth = draw_params(layout, n_subjects, seed + k)
        truth[mdl.erasure_share] = np.full(n_subjects, eps)
        design = build_design(simulate_data(mdl, n_subjects, n_trials, truth, seed + k,
                                            protocol=recovery_protocol(mdl, n_trials)))
        est = fit_mle(mdl, design, fit=layout, starts=starts, seed=seed + k)["params"]
        fitted = est.loc[est["parameter"] == mdl.erasure_share, "estimate"].to_numpy()
        median = float(np.median(fitted))
        rows.append({"dataset": k, "true_epsilon": eps, "median_epsilon": median,
                     "correct": (median > 0.5) == (eps > 0.5),
                     "subjects_correct": float(np.mean((fitted > 0.5) == (eps > 0.5)))})
    return pd.DataFrame(rows)
