"""Sequential design: the most informative next phase, given the phases already run.

A simple, stated approximation of adaptive design optimisation (Myung, Cavagnaro & Pitt 2013,
J Math Psychol 57:53):

1. *Condition on what was observed.* The observed animals' per-session responding (drug presses,
   from a trial table or a session table) over the phases run so far is summarised as its group
   mean x̄ (one value per session). Each hypothesis's prediction of x̄ comes from ``pool``
   simulated subjects run through the same phases: mean μ_k and shrunk covariance Σ_k / n
   (Ledoit–Wolf). The hypotheses are weighted by this Gaussian synthetic likelihood (Wood 2010,
   Nature 466:1102), w_k ∝ N(x̄; μ_k, Σ_k / n), from equal prior weights.
2. *Choose the next phase.* Each candidate is one relapse test appended to the phases run (a
   trigger × context × delay of the design space's choices). Its value is the probability that the
   cross-validated decoder of :mod:`remission.designer.analysis`, reading the new test's relapse
   (its responding minus that of the last session run; the sessions so far already entered the
   weights), concludes the true hypothesis from an experiment of the observed n animals, averaged over the
   hypotheses with the weights w_k.

What it does not do: it weights whole hypotheses, not the individual animals (their simulated
doubles are not conditioned on each animal's own history), and it looks one phase ahead.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import logsumexp

from remission.errors import RemissionError
from remission.protocols import Protocol, resolve
from remission.protocols.blocks import test_phase
from remission.protocols.relapse import TEST_MAGNITUDE
from remission.designer.analysis import accuracy, ledoit_wolf
from remission.designer.hypotheses import Hypothesis, resolve_hypotheses
from remission.designer.simulate import layout, simulate_pool
from remission.designer.space import DesignSpace, searched

DELAYS = ("1 day", "7 days", "21 days")
CONTEXTS = ("A", "B", "C")


def observed_sessions(data, protocol: Protocol) -> np.ndarray:
    """(animals, sessions) drug presses of the observed data, in the protocol's session order.

    ``data``: a DataFrame or CSV path with ``subject``, ``phase``, ``session`` and either
    ``drug_presses`` (a session table) or ``action`` (a trial table: ``drug`` or 1 = a drug press).
    """
    if not isinstance(data, pd.DataFrame):
        path = Path(data)
        if not path.is_file():
            raise RemissionError(f"--data {str(path)!r} does not exist")
        data = pd.read_csv(path)
    for col in ("subject", "phase", "session"):
        if col not in data.columns:
            raise RemissionError(f"data: column {col!r} is missing; valid: a trial table (subject, phase, "
                                 "session, action) or a session table (… drug_presses)")
    if "drug_presses" in data.columns:
        table = data.groupby(["subject", "phase", "session"], sort=False, observed=True)["drug_presses"].sum()
    elif "action" in data.columns:
        drug = data["action"].astype(str).isin(["drug", "1"])
        table = drug.groupby([data["subject"], data["phase"], data["session"]], sort=False, observed=True).sum()
    else:
        raise RemissionError("data: neither 'drug_presses' nor 'action' column; valid: one of them")
    lay = layout(protocol)
    names = list(lay.phase_names)
    seen = sorted(set(table.index.get_level_values("phase")) - set(names))
    if seen:
        raise RemissionError(f"data: phase = {seen[0]!r} is not a phase of the protocol run; valid: "
                             f"{', '.join(names)}")
    wide = table.unstack(["phase", "session"])
    cols = []
    counters: dict[int, int] = {}
    for ph in lay.phase:
        s = counters.get(ph, 0)
        counters[ph] = s + 1
        cols.append((names[ph], s))
    missing = [c for c in cols if c not in wide.columns]
    if missing:
        raise RemissionError(f"data: no rows for phase {missing[0][0]!r} session {missing[0][1]}; the "
                             "data must cover every session of the phases run")
    return wide[cols].to_numpy(dtype=float)


def hypothesis_weights(x: np.ndarray, sims: np.ndarray) -> np.ndarray:
    """Synthetic-likelihood weights of the hypotheses: ``x`` (animals, S) observed, ``sims``
    (K, pool, S) simulated under each hypothesis."""
    n = x.shape[0]
    xbar = x.mean(axis=0)
    logl = []
    for k in range(sims.shape[0]):
        mu = sims[k].mean(axis=0)
        sd = sims[k].std(axis=0)
        sd = np.where(sd > 1e-9, sd, 1.0)
        cov = ledoit_wolf((sims[k] - mu) / sd) / n
        d = (xbar - mu) / sd
        sign, logdet = np.linalg.slogdet(cov)
        logl.append(-0.5 * (d @ np.linalg.solve(cov, d) + logdet) - np.sum(np.log(sd)))
    logl = np.array(logl)
    return np.exp(logl - logsumexp(logl))


def candidates(space: DesignSpace | None) -> list[tuple[str, str, str]]:
    """(trigger, context, delay) of the candidate next phases: the space's choices of ``tests``,
    ``test_context`` and ``test_delay`` (a range gives its ends and their geometric mean), or
    every trigger, context and :data:`DELAYS`."""
    triggers, contexts, delays = list(TEST_MAGNITUDE), list(CONTEXTS), list(DELAYS)
    for d in searched(space) if space is not None else ():
        if d.name == "tests":
            triggers = sorted({t for c in d.choices for t in c})
        elif d.name == "test_context":
            contexts = list(d.choices)
        elif d.name == "test_delay":
            delays = list(d.choices) or [d.decode(u) for u in (0.0, 0.5, 1.0)]
    return list(itertools.product(triggers, contexts, delays))


def next_phase(done, data, hypotheses, space: DesignSpace | None = None, pool: int = 128,
               seed: int = 0, partitions: int = 20, progress=None) -> tuple[pd.DataFrame, np.ndarray, list[Protocol]]:
    """Rank the candidate next phases after ``done`` (the protocol run so far) given ``data``.

    Returns the table (``trigger, context, delay, p_correct, se``, best first), the hypothesis
    weights and the protocols ``done + candidate`` in the table's order.
    """
    done = resolve(done, where="--done")
    hyps: Sequence[Hypothesis] = resolve_hypotheses(hypotheses)
    x = observed_sessions(data, done)
    n = x.shape[0]
    if pool < 2 * n:
        pool = 2 * n
    base = simulate_pool(hyps, {"design": done}, pool, seed).values["design"]
    w = hypothesis_weights(x, base)
    rows, protocols = [], []
    cands = candidates(space)
    for i, (trigger, ctx, delay) in enumerate(cands):
        phase = test_phase(trigger, context=ctx, gap=delay, magnitude=TEST_MAGNITUDE[trigger],
                           name=f"test_next_{trigger}")
        proto = Protocol(name=f"{done.name}_next", description=f"{done.description}; then {trigger} "
                         f"test in {ctx} after {delay}", citation=done.citation,
                         phases=[*done.phases, phase])
        values = simulate_pool(hyps, {"design": proto}, pool, seed).values["design"]
        feats = values[:, :, -1:] - values[:, :, -2:-1]  # the new test's relapse read-out
        p_k = np.array(accuracy({"design": feats}, n, seed=seed, partitions=partitions).by_hypothesis)
        rows.append({"trigger": trigger, "context": ctx, "delay": delay,
                     "p_correct": float(np.dot(w, p_k)), "p_correct_equal_weights": float(np.mean(p_k))})
        protocols.append(proto)
        if progress:
            progress(i + 1, len(cands), f"{trigger} in {ctx} after {delay}")
    table = pd.DataFrame(rows)
    order = np.argsort(-table["p_correct"].to_numpy(), kind="stable")
    return table.iloc[order].reset_index(drop=True), w, [protocols[i] for i in order]
