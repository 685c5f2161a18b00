"""Simulated experiments: every subject of every hypothesis of a design in one compiled batch.

For a design (one protocol per experimental group) and K hypotheses, :func:`simulate_pool` draws
``pool`` subjects per hypothesis and group and runs them as subject blocks of one batch per
(group, model): hypothesis k's subjects are ids ``k·pool … (k+1)·pool − 1``, so every subject has
its own random stream and parameter draw (keyed by seed and id, docs/DEVELOPING.md "Randomness")
and a block simulated alone gives the same numbers. Simulated experiments are later formed from
disjoint blocks of these subjects (:mod:`remission.designer.analysis`).

Only the per-session read-out of each subject is kept: drug-lever presses in an operant session,
the mean conditioned response (``response``) in a Pavlovian one (the same numbers as the
``drug_presses`` and ``response`` columns of :func:`remission.engine.simulate_sessions`; the step
records are reduced on the host so that designs differing only in their number of sessions share
one compiled program).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from remission import models as model_registry
from remission.engine.compile import compile_protocol
from remission.engine.simulation import simulate_compiled
from remission.params import resolve_params
from remission.protocols import Protocol
from remission.designer.hypotheses import Hypothesis

CHUNK = 512
"""Subjects per compiled call (padded to a power of two up to this, so calls share programs)."""


@dataclass(frozen=True)
class SessionLayout:
    """Which phase each session of a protocol belongs to, and whether it is Pavlovian."""

    phase_names: tuple[str, ...]
    phase: np.ndarray  # (sessions,) phase index
    pavlovian: np.ndarray  # (sessions,) bool

    def sessions_of(self, name: str) -> np.ndarray:
        return np.flatnonzero(self.phase == self.phase_names.index(name))


@dataclass(frozen=True)
class Pool:
    """Per-session read-outs ``values[group]`` of shape (hypotheses, pool, sessions)."""

    hypotheses: tuple[str, ...]
    groups: dict[str, Protocol]
    layouts: dict[str, SessionLayout]
    values: dict[str, np.ndarray]

    @property
    def size(self) -> int:
        return next(iter(self.values.values())).shape[1]


def layout(protocol: Protocol) -> SessionLayout:
    """The sessions of ``protocol`` in order."""
    phase, pav = [], []
    for i, p in enumerate(protocol.phases):
        phase += [i] * p.sessions
        pav += [bool(p.pavlovian)] * p.sessions
    return SessionLayout(tuple(p.name for p in protocol.phases), np.array(phase), np.array(pav))


def session_values(records: Mapping[str, np.ndarray], comp, lay: SessionLayout) -> np.ndarray:
    """(subjects, sessions): drug presses (operant) or mean ``response`` (Pavlovian sessions)."""
    starts = np.flatnonzero(comp.obs["session_start"])
    presses = np.add.reduceat((records["action"] == 1).astype(np.float64), starts, axis=1)
    if not lay.pavlovian.any():
        return presses
    lengths = np.diff(np.r_[starts, comp.n_steps])
    cr = np.add.reduceat(records["response"].astype(np.float64), starts, axis=1) / lengths
    return np.where(lay.pavlovian[None, :], cr, presses)


def _padded(n: int) -> int:
    return min(CHUNK, 1 << max(0, (n - 1).bit_length()))


def simulate_pool(hypotheses: Sequence[Hypothesis], groups: Mapping[str, Protocol], pool: int,
                  seed: int = 0) -> Pool:
    """Simulate ``pool`` subjects per hypothesis in every group of a design.

    Parameters
    ----------
    hypotheses : sequence of Hypothesis
    groups : mapping of group name to Protocol
        The design's experimental groups (one group for most designs).
    pool : int
        Subjects per hypothesis and group.
    seed : int
        Master seed (subject streams and parameter draws).
    """
    by_model: dict[str, list[int]] = {}
    for k, h in enumerate(hypotheses):
        by_model.setdefault(h.model, []).append(k)
    values, layouts = {}, {}
    for g, protocol in groups.items():
        comp = compile_protocol(protocol)
        lay = layouts[g] = layout(protocol)
        out = np.zeros((len(hypotheses), pool, len(lay.phase)))
        for name, ks in by_model.items():
            mdl = model_registry.get(name)
            ids = np.concatenate([k * pool + np.arange(pool) for k in ks])
            drawn = [resolve_params(mdl.params, hypotheses[k].population, pool, mdl.name,
                                    subject_ids=k * pool + np.arange(pool), seed=seed) for k in ks]
            params = {p: np.concatenate([d[p] for d in drawn]) for p in drawn[0]}
            record = ("action", "response") if lay.pavlovian.any() else ("action",)
            rows = []
            size = _padded(len(ids))
            for lo in range(0, len(ids), size):
                sl = slice(lo, lo + size)
                recs = simulate_compiled(mdl, comp, {p: v[sl] for p, v in params.items()},
                                         ids[sl], seed, g, pad_subjects_to=size, record=record)
                rows.append(session_values(recs, comp, lay))
            rows = np.concatenate(rows)
            for j, k in enumerate(ks):
                out[k] = rows[j * pool:(j + 1) * pool]
        values[g] = out
    return Pool(tuple(h.name for h in hypotheses), dict(groups), layouts, values)
