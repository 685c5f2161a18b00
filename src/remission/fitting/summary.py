"""Fitting a model to published group means by simulating the design (a small calibration).

Many papers publish only per-group, per-block means with their SEs
(:mod:`remission.io.summary`). Given each group's protocol, the model is simulated for a
population of ``n_subjects`` per group at candidate parameters θ (the same for every subject and
group; the groups differ by their protocols), the simulated read-out is averaged per group,
phase and block exactly as the data were, and θ minimises::

    χ²(θ) = Σ_blocks ((y − (a + b · m(θ))) / se)²

where m(θ) is the simulated block mean and (a, b) the weighted least-squares line of y on m,
profiled out when the measure's scale is arbitrary (``scale=True``: the CR read-out against µS or
% freezing) and fixed at (0, 1) otherwise (counts of presses). Every evaluation uses the same
seed (common random numbers), so χ² is a deterministic function of θ, minimised by Nelder–Mead
on the unconstrained scale of the parameters. The log-likelihood is −χ²/2 up to a constant.

This is a deliberately small version of calibration: one shared θ, no individual differences, a
local optimiser. A calibration module with populations and global search is planned; it should
replace this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from remission import models
from remission.engine import simulate
from remission.engine.simulation import protocol_groups
from remission.errors import RemissionError, unknown_name
from remission.fitting.likelihood import ParamLayout
from remission.protocols.schema import ACTIONS

MEASURES = ("response",) + ACTIONS[1:]
"""``response``: the model's CR read-out on Pavlovian trials; an option name: whether it was
chosen, on operant steps."""


@dataclass
class SummaryFit:
    """Result of :func:`fit_summary`: ``params`` (name -> value), ``table`` (observed and
    predicted block means), ``chi2``, ``n_points``, ``scale`` (a, b), ``evaluations``."""

    model: str
    params: dict
    table: pd.DataFrame
    chi2: float
    n_points: int
    scale: tuple
    evaluations: int

    def save(self, directory) -> Path:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        pd.DataFrame([{"parameter": k, "estimate": v, "model": self.model} for k, v in self.params.items()]
                     ).to_csv(out / "summary_params.csv", index=False)
        self.table.to_csv(out / "summary_fit.csv", index=False)
        summary_figure(self, out / "summary_fit.png")
        return out


def block_means(trials: pd.DataFrame, measure: str, block: int | str, statistic: str) -> pd.DataFrame:
    """Mean over subjects of each subject's per-block mean or sum of ``measure``.

    ``block``: a number of trials (or bins) per block within each phase, or ``"session"``.
    """
    pav = measure == "response"
    t = trials[trials["pavlovian"] == pav]
    if t.empty:
        raise RemissionError(f"measure {measure!r} needs {'Pavlovian' if pav else 'operant'} steps; "
                             f"the protocols have none")
    value = t["response"] if pav else (t["action"].astype(str) == measure).astype(float)
    if block == "session":
        index = t.groupby(["group", "subject", "phase"], observed=True)["session"].rank(method="dense")
    else:
        index = t.groupby(["group", "subject", "phase"], observed=True).cumcount() // int(block) + 1
    frame = pd.DataFrame({"group": t["group"].astype(str), "subject": t["subject"], "phase": t["phase"].astype(str),
                          "block": index.astype(int).to_numpy(), "value": value.to_numpy()})
    per_subject = frame.groupby(["group", "phase", "block", "subject"])["value"].agg(statistic)
    return per_subject.groupby(["group", "phase", "block"]).mean().rename("model").reset_index()


def _line(y, m, w, scale: bool):
    if not scale:
        return 0.0, 1.0
    X = np.column_stack([np.ones_like(m), m]) * np.sqrt(w)[:, None]
    coef, *_ = np.linalg.lstsq(X, y * np.sqrt(w), rcond=None)
    return float(coef[0]), float(coef[1])


def fit_summary(model, summary: pd.DataFrame, protocols, measure: str = "response",
                block: int | str = 1, statistic: str = "mean", fit=None, fixed=None,
                n_subjects: int = 100, scale: bool | None = None, seed: int = 0,
                maxiter: int = 300) -> SummaryFit:
    """Fit ``model`` to group means by simulation (see the module docstring).

    Parameters
    ----------
    model : str or Model
    summary : DataFrame
        From :func:`remission.io.summary.read_summary`.
    protocols : mapping
        Group name (as in ``summary``) -> protocol (registered name, Protocol, TOML path).
    measure : str
        :data:`MEASURES`.
    block : int or "session"
        Trials (bins) per block within a phase, or one block per session.
    statistic : {"mean", "sum"}
        Per subject and block: the mean of the measure (CR, share of choices) or its sum
        (presses per session).
    fit, fixed
        Parameters to estimate (default: the model's free ones) and values held fixed.
    n_subjects : int
        Simulated subjects per group.
    scale : bool, optional
        Profile a linear map from the model's measure to the data's (default: for ``response``).
    """
    mdl = models.get(model)
    if measure not in MEASURES:
        raise unknown_name("measure", measure, MEASURES)
    if statistic not in ("mean", "sum"):
        raise RemissionError(f"statistic = {statistic!r}; valid: mean, sum")
    if not (block == "session" or (isinstance(block, int) and block >= 1)):
        raise RemissionError(f"block = {block!r}; valid: a number of trials per block (>= 1) or 'session'")
    groups = protocol_groups(dict(protocols))
    missing = sorted(set(summary["group"]) - set(groups))
    if missing:
        raise RemissionError(f"groups {missing} of the summary data have no protocol; give one per "
                             f"group (--protocol GROUP=PROTOCOL); protocols given: {sorted(groups)}")
    layout = ParamLayout(mdl, fit, fixed)
    scale = measure == "response" if scale is None else scale
    y, w = summary["mean"].to_numpy(float), 1.0 / summary["se"].to_numpy(float) ** 2
    calls = {"n": 0}

    def predicted(u):
        values = {**layout.fixed, **{k: float(v) for k, v in layout.constrain(np.asarray(u)).items()}}
        res = simulate(mdl, groups, n_subjects=n_subjects, params=values, seed=seed)
        calls["n"] += 1
        means = block_means(res.trials, measure, block, statistic)
        merged = summary.merge(means, on=["group", "phase", "block"], how="left")
        if merged["model"].isna().any():
            gone = merged[merged["model"].isna()].iloc[0]
            raise RemissionError(f"summary block (group {gone['group']!r}, phase {gone['phase']!r}, "
                                 f"block {gone['block']}) is not in the simulated protocol; phases "
                                 f"simulated: {sorted(means['phase'].unique())}")
        return merged["model"].to_numpy(float), values

    def chi2(u):
        m, _ = predicted(u)
        a, b = _line(y, m, w, scale)
        return float(np.sum(w * (y - a - b * m) ** 2))

    u0 = layout.unconstrain({s.name: s.default for s in layout.specs})
    opt = minimize(chi2, u0, method="Nelder-Mead",
                   options={"maxiter": maxiter, "xatol": 1e-3, "fatol": 1e-4})
    m, values = predicted(opt.x)
    a, b = _line(y, m, w, scale)
    table = summary.assign(predicted=a + b * m, model_measure=m)
    return SummaryFit(mdl.name, {k: values[k] for k in layout.names}, table, float(opt.fun), len(y),
                      (a, b), calls["n"])


def summary_figure(result: SummaryFit, path) -> None:
    """Observed block means (± SE) and the fitted model's, one panel per phase, a line per group."""
    from remission.report.figures import pyplot

    plt = pyplot()
    t = result.table
    phases = list(dict.fromkeys(t["phase"]))
    fig, axes = plt.subplots(1, len(phases), figsize=(3.4 * len(phases), 3.0), squeeze=False, sharey=True)
    for ax, phase in zip(axes[0], phases):
        for k, (g, d) in enumerate(t[t["phase"] == phase].groupby("group", sort=False)):
            ax.errorbar(d["block"], d["mean"], yerr=d["se"], fmt="o", ms=3, color=f"C{k}", label=f"{g} (data)")
            ax.plot(d["block"], d["predicted"], color=f"C{k}", lw=1.2, label=f"{g} (model)")
        ax.set(title=phase, xlabel="block")
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"{result.model}: fit to group means (χ² = {result.chi2:.1f}, {result.n_points} blocks)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
