"""Simulated lives at population scale: the weekly paradigm through the engine, reduced on the fly.

:func:`simulate_lives` runs ``n_subjects`` people of a :class:`~remission.params.Population` through
the ``life_course_weekly`` paradigm (:mod:`remission.protocols.lifecourse`) in every treatment
*arm*. Subject ``i`` lives history ``i mod histories`` (its episodes of work, partner, children,
stressors and drug-free spells) and keeps its parameters in every arm (a matched design, as
``simulate`` with several groups). Each (arm, history) is one engine group, compiled once per
(model, cues, contexts, step bucket). Only the weekly use leaves the simulation whole; the model
read-outs are reduced per subject to their values at the events (:func:`state_at_events`), so
memory stays O(subjects × weeks) bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission.engine.compile import compile_protocol
from remission.engine.simulation import simulate_compiled
from remission.errors import RemissionError
from remission.params import Population, resolve_params
from remission.phenomena.life_events import WINDOW, life_events
from remission.protocols import get as get_paradigm
from remission.protocols.lifecourse import TREATMENTS

STATE = ("drug_trace", "extinction_trace", "punishment_trace", "alternative_trace", "net_value",
         "erasure_index")
"""Read-outs reduced at the events when the model has them (dual_trace's traces, §6.2, and its
erasure index: the share of the drug memory's losses and competitors that was erasure)."""


@dataclass
class Lives:
    """The simulated lives of one run.

    Attributes
    ----------
    use : (lives, weeks) bool
        Weekly use, one row per (arm, subject), in the order of ``table``.
    table : DataFrame
        One row per life: ``arm``, ``subject``, ``history``, the events of
        :func:`~remission.phenomena.life_events.life_events`, the per-subject parameters, the
        history's mean alternative reward and the read-outs at the events.
    config : dict
    """

    use: np.ndarray
    table: pd.DataFrame
    config: dict = field(default_factory=dict)


def merged_population(mdl, population: Population | None) -> Population:
    """The model's population (``Model.population``) with the distributions of ``population``."""
    base = dict(mdl.population().params)
    if population is not None:
        base.update(population.params)
    return Population(base)


def _arm_overrides(arm: str, paradigm: Mapping) -> dict:
    if arm not in TREATMENTS:
        raise RemissionError(f"arm {arm!r} is not a treatment; valid: {', '.join(TREATMENTS)}")
    return {**paradigm, "treatment": arm}


def state_at_events(rec: dict, events: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per life: each read-out at the end of the remission year (``<name>_remission``), and the
    drug trace's peak before remission (``drug_trace_peak``); NaN for lives without remission."""
    n, T = rec["action"].shape
    r = events["remission"].to_numpy()
    at = np.clip(r + WINDOW - 1, 0, T - 1)
    rows = np.arange(n)
    out = {}
    for name in STATE:
        if name in rec:
            out[f"{name}_remission"] = np.where(r >= 0, rec[name][rows, at], np.nan)
    if "drug_trace" in rec:
        before = np.arange(T)[None, :] <= np.where(r >= 0, r, T - 1)[:, None]
        out["drug_trace_peak"] = np.where(before, rec["drug_trace"], -np.inf).max(axis=1)
    return out


def simulate_lives(model="dual_trace", population=None, n_subjects: int = 1000, seed: int = 0,
                   arms=("none",), histories: int = 16, paradigm: Mapping | None = None,
                   chunk_size: int = 2048,
                   progress: Callable[[int, int, str], None] | None = None) -> Lives:
    """Simulate lives and their events.

    Parameters
    ----------
    model : str or Model
    population : Population or None
        Individual differences: the distributions it names replace those of the model's own
        population (:func:`merged_population`); None: the model's population.
    n_subjects : int
        People per arm.
    seed : int
        Master seed: same seed, same lives.
    arms : sequence of str
        Treatments (``none``, ``extinction``, ``contingency``, ``detox``).
    histories : int
        Distinct drawn life histories; subject ``i`` lives history ``i mod histories``
        (0: everyone lives the typical life).
    paradigm : mapping, optional
        Overrides of ``life_course_weekly`` (years, substance, price, consequence, ...).
    chunk_size : int
        Subjects per compiled call.
    """
    mdl = model_registry.get(model)
    if n_subjects < 1:
        raise RemissionError(f"n_subjects = {n_subjects} must be at least 1")
    if histories < 0:
        raise RemissionError(f"histories = {histories} must be >= 0")
    paradigm = dict(paradigm or {})
    ids = np.arange(n_subjects)
    values = resolve_params(mdl.params, merged_population(mdl, population), n_subjects, mdl.name,
                            subject_ids=ids, seed=int(seed))
    keep = ("action", *(s for s in STATE if s in mdl.readouts))
    H = max(histories, 1)
    size = min(chunk_size, -(-n_subjects // H))  # one padded size: one compiled program per arm
    uses, tables, done = [], [], 0
    total = n_subjects * len(arms)
    for arm in arms:
        over = _arm_overrides(arm, paradigm)
        for h in range(H):
            members = ids[ids % H == h]
            if len(members) == 0:
                continue
            protocol = get_paradigm("life_course_weekly", **over,
                                    history=None if histories == 0 else h)
            comp = compile_protocol(protocol)
            alt = _mean_alternative(comp)
            for a in range(0, len(members), size):
                chunk = members[a:a + size]
                rec = simulate_compiled(mdl, comp, {k: v[chunk] for k, v in values.items()}, chunk,
                                        seed, f"{arm}/h{h}", pad_subjects_to=size,
                                        record=tuple(sorted(keep)))
                use = rec["action"] == 1
                ev = life_events(use, offered=comp.obs["available"][: use.shape[1], 1])
                ev = ev.assign(**state_at_events(rec, ev))
                ev.insert(0, "history", h)
                ev.insert(0, "subject", chunk)
                ev.insert(0, "arm", arm)
                ev["alternative_reward"] = alt
                ev["used_weeks"] = use.sum(axis=1)
                uses.append(use)
                tables.append(ev)
                done += len(chunk)
                if progress:
                    progress(done, total, f"{arm} history {h}")
    table = pd.concat(tables, ignore_index=True)
    params = pd.DataFrame({k: v for k, v in values.items()}).assign(subject=ids)
    table = table.merge(params, on="subject", how="left")
    order = np.lexsort((table["subject"].to_numpy(), [list(arms).index(a) for a in table["arm"]]))
    use = np.concatenate(uses)[order]
    table = table.iloc[order].reset_index(drop=True)
    config = {"model": mdl.name, "n_subjects": int(n_subjects), "seed": int(seed),
              "arms": list(arms), "histories": int(histories), "paradigm": paradigm,
              "weeks": int(use.shape[1])}
    return Lives(use=use, table=table, config=config)


def _mean_alternative(comp) -> float:
    """Mean reward of the alternative over the weeks it is offered (the history's life rewards)."""
    r = comp.obs["reward"][:, 2]
    on = comp.obs["available"][:, 2]
    return float(r[on].mean()) if on.any() else 0.0
