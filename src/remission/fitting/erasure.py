"""Recovering the erasure share ε of the dual-trace model (MODELS.md §6).

ε is identifiable only from a design in which erasure and competition predict different
behaviour: after extinction in another context (ABA renewal) and after a long abstinence gap
(spontaneous recovery) a competing memory is retrieved less and the drug trace returns, whereas an
erased drug trace does not. :func:`renewal_protocol` is that design; :func:`epsilon_discrimination`
asks whether fitted ε tells ε = 0.2 from ε = 0.8 across simulated datasets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission.protocols.schema import Option, Outcome, Phase, Protocol

FIT = ("epsilon", "eta", "beta")
"""Dual-trace parameters estimated in recovery (the others, which this design cannot separate
from them, are held at their defaults)."""


RANGES = {"epsilon": (0.05, 0.95)}
"""True ε in parameter recovery spans the whole hypothesis space, not just near its default."""


def renewal_protocol(n_trials: int = 200) -> Protocol:
    """Self-administration in A, extinction in B, renewal test in A, spontaneous-recovery test in B
    after 14 days, re-extinction in B: 3 + 4 + 1 + 1 + 1 sessions of ``n_trials / 10`` discrete
    trials (drug lever: dose 1 with a light cue; inactive lever)."""
    per = max(2, n_trials // 10)

    def phase(name, context, sessions, drug, gap="1 day"):
        outcome = Outcome(drug=1.0, cue="light") if drug else Outcome()
        return Phase(name=name, context=context, sessions=sessions, trials=per, gap_before=gap,
                     options=[Option(name="drug", outcome=outcome), Option(name="inactive")])

    return Protocol(name="recovery_renewal", description="ABA renewal + spontaneous recovery (recovery)",
                    phases=[phase("acquisition", "A", 3, True), phase("extinction", "B", 4, False),
                            phase("renewal_test", "A", 1, False),
                            phase("recovery_test", "B", 1, False, gap="14 days"),
                            phase("reextinction", "B", 1, False)])


def is_dual_trace(model) -> bool:
    return (model.base or model.name) == "dual_trace"


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
    from remission import models
    from remission.fitting.likelihood import ParamLayout
    from remission.fitting.mle import fit_mle
    from remission.fitting.recovery import draw_params, simulate_data
    from remission.io import build_design

    mdl = models.get(model)
    layout = ParamLayout(mdl, FIT)
    rows = []
    for k in range(n_datasets):
        eps = 0.2 if k % 2 == 0 else 0.8
        truth = draw_params(layout, n_subjects, seed + k)
        truth["epsilon"] = np.full(n_subjects, eps)
        design = build_design(simulate_data(mdl, n_subjects, n_trials, truth, seed + k,
                                            protocol=renewal_protocol(n_trials)))
        est = fit_mle(mdl, design, fit=layout, starts=starts, seed=seed + k)["params"]
        fitted = est.loc[est["parameter"] == "epsilon", "estimate"].to_numpy()
        median = float(np.median(fitted))
        rows.append({"dataset": k, "true_epsilon": eps, "median_epsilon": median,
                     "correct": (median > 0.5) == (eps > 0.5),
                     "subjects_correct": float(np.mean((fitted > 0.5) == (eps > 0.5)))})
    return pd.DataFrame(rows)
