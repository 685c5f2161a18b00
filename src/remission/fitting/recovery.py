"""Parameter and model recovery: simulate from known parameters, refit, compare.

Data are simulated with :func:`remission.simulate`, written in the tidy schema
(:func:`remission.io.from_simulation`) and refitted through the same path as real data.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from remission import models
from remission.engine import simulate
from remission.fitting.likelihood import ParamLayout
from remission.fitting.mle import fit_mle
from remission.io import build_design, from_simulation
from remission.protocols import Protocol, get as get_protocol


def recovery_protocol(model, n_trials: int) -> Protocol:
    """The design the model's metadata names for recovery (``Model.recovery``, a registered
    paradigm taking ``n_trials``; by default the reversal bandit)."""
    return get_protocol(model.recovery, n_trials=n_trials)


def recovery_layout(model, fit=None) -> tuple[ParamLayout, dict]:
    """Parameters estimated in recovery (``fit``, else ``Model.recovery_fit``, else the free
    ones) and the ranges their true values are drawn from (``Model.recovery_ranges``)."""
    names = fit or (None if model.recovery_fit is None else
                    [n for n in model.recovery_fit if model.spec(n).fit])
    return ParamLayout(model, names), dict(model.recovery_ranges)


def draw_params(layout: ParamLayout, n_subjects: int, seed: int, width: float = 1.0,
                ranges: dict | None = None) -> dict:
    """True values: uniform within ±``width`` of each default on the unconstrained scale, or
    uniform in ``ranges[name] = (low, high)`` on the constrained scale."""
    out = {}
    for spec in layout.specs:
        rng = np.random.default_rng([seed, zlib.crc32(spec.name.encode())])
        if ranges and spec.name in ranges:
            out[spec.name] = rng.uniform(*ranges[spec.name], n_subjects)
            continue
        centre = float(spec.to_unconstrained(spec.default))
        u = rng.uniform(centre - width, centre + width, n_subjects)
        out[spec.name] = np.asarray(spec.to_constrained(u))
    return out


def simulate_data(model, n_subjects: int, n_trials: int, params: dict, seed: int, protocol=None):
    """Simulated trial data (tidy) of ``model`` with per-subject ``params``."""
    protocol = protocol or recovery_protocol(model, n_trials)
    result = simulate(model, protocol, n_subjects=n_subjects, params=params, seed=seed)
    return from_simulation(result)


def parameter_recovery(model, n_subjects: int = 50, n_trials: int = 200, seed: int = 0,
                       fit=None, starts: int = 4, width: float = 1.0, protocol=None):
    """Simulate with known parameters, refit by maximum likelihood, correlate truth and estimate.

    Returns
    -------
    summary : pandas.DataFrame
        model, parameter, n_subjects, n_trials, r (Pearson, true vs estimated), rmse.
    pairs : pandas.DataFrame
        subject, parameter, true, estimate (for the figure).
    """
    mdl = models.get(model)
    layout, ranges = recovery_layout(mdl, fit)
    truth = draw_params(layout, n_subjects, seed, width, ranges)
    data = simulate_data(mdl, n_subjects, n_trials, truth, seed, protocol)
    design = build_design(data)
    res = fit_mle(mdl, design, fit=layout, starts=starts, seed=seed)
    est = res["params"].pivot(index="subject", columns="parameter", values="estimate")
    est = est.loc[design.subjects]
    rows, pairs = [], []
    for name in layout.names:
        t, e = truth[name], est[name].to_numpy()
        r = float(np.corrcoef(t, e)[0, 1]) if np.std(e) > 0 and np.std(t) > 0 else float("nan")
        rows.append({"model": mdl.name, "parameter": name, "n_subjects": n_subjects,
                     "n_trials": n_trials, "r": r, "rmse": float(np.sqrt(np.mean((t - e) ** 2)))})
        pairs.append(pd.DataFrame({"subject": design.subjects, "parameter": name, "true": t,
                                   "estimate": e}))
    return pd.DataFrame(rows), pd.concat(pairs, ignore_index=True)


def model_recovery(model_names, n_subjects: int = 20, n_trials: int = 200, seed: int = 0,
                   starts: int = 3) -> pd.DataFrame:
    """Confusion matrix: rows the generating model, columns the share of subjects whose BIC is
    lowest under each fitted model (all models fitted to the same simulated subjects)."""
    mdls = [models.get(m) for m in model_names]
    matrix = pd.DataFrame(0.0, index=[m.name for m in mdls], columns=[m.name for m in mdls])
    for g, gen in enumerate(mdls):
        truth = draw_params(ParamLayout(gen), n_subjects, seed + g)
        design = build_design(simulate_data(gen, n_subjects, n_trials, truth, seed + g,
                                            protocol=get_protocol("reversal_bandit", n_trials=n_trials)))
        bic = np.column_stack([fit_mle(m, design, starts=starts, seed=seed)["subjects"]["bic"]
                               for m in mdls])
        winners = np.nanargmin(bic, axis=1)
        for j, m in enumerate(mdls):
            matrix.loc[gen.name, m.name] = float(np.mean(winners == j))
    matrix.index.name = "generating_model"
    return matrix
