"""Compile a :class:`Protocol` into the per-step arrays of :mod:`remission.engine.layout`.

Every array has the step axis first (length ``T = protocol.n_steps``). Per-action arrays have a
second axis over :data:`ACTIONS` (``none, drug, alternative, inactive``); the ``none`` column is
always available and never delivers anything. Times are in minutes from the start of the protocol;
interventions sit at the first step of their phase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from remission.engine.layout import Sizes, empty_steps
from remission.errors import RemissionError
from remission.protocols.schema import ACTIONS, Protocol


@dataclass(frozen=True)
class CompiledProtocol:
    """A protocol as arrays (``obs``) plus the labels needed to build tidy results."""

    protocol: Protocol
    obs: dict[str, np.ndarray]
    phase_names: tuple[str, ...]
    context_names: tuple[str, ...]
    cue_names: tuple[str, ...]

    @property
    def n_steps(self) -> int:
        return int(self.obs["time"].shape[0])


def compile_protocol(protocol: Protocol) -> CompiledProtocol:
    """Lay out every step of every session of every phase, with its time stamp and inputs."""
    contexts = protocol.contexts
    cues = protocol.cue_names
    T, A, K, C = protocol.n_steps, len(ACTIONS), len(cues), len(contexts)
    cue_ix = {c: i for i, c in enumerate(cues)}

    obs = empty_steps(T, Sizes(K, C, A))
    t = 0
    clock = 0.0
    for p_ix, phase in enumerate(protocol.phases):
        n = phase.steps_per_session
        step = phase.step_minutes
        phase_start_time = clock + (phase.gap_before.minutes if p_ix > 0 else 0.0)
        pav_us, pav_cues = _pavlovian_layout(phase, cue_ix, K)
        for s in range(phase.sessions):
            start = phase_start_time + s * phase.session_interval.minutes
            sl = slice(t, t + n)
            obs["phase"][sl] = p_ix
            obs["session"][sl] = s
            obs["trial"][sl] = np.arange(n)
            obs["time"][sl] = start + step * np.arange(n)
            obs["context_index"][sl] = contexts.index(phase.context)
            obs["context"][sl, contexts.index(phase.context)] = 1.0
            obs["session_start"][t] = True
            for c in phase.cues:
                obs["cues"][sl, cue_ix[c]] = 1.0
            if phase.pavlovian:
                obs["pavlovian"][sl] = True
                obs["us"][sl] = pav_us
                obs["cues"][sl] = np.maximum(obs["cues"][sl], pav_cues)
            for opt in phase.options:
                a = ACTIONS.index(opt.name)
                o, sch = opt.outcome, opt.schedule
                obs["available"][sl, a] = True
                obs["dose"][sl, a] = o.drug
                obs["reward"][sl, a] = o.reward
                obs["shock_probability"][sl, a] = o.shock_probability
                end = o.shock_intensity if o.shock_intensity_end is None else o.shock_intensity_end
                obs["shock_intensity"][sl, a] = np.linspace(o.shock_intensity, end, n)
                obs["delay"][sl, a] = o.delay.minutes
                obs["ratio"][sl, a] = sch.ratio
                obs["progressive"][sl, a] = sch.kind == "PR"
                obs["timeout_steps"][sl, a] = _timeout_steps(sch.timeout.minutes, step, n)
                if o.cue:
                    obs["cue_on_delivery"][sl, a, cue_ix[o.cue]] = 1.0
                if o.consequence > 0:
                    obs["consequence"][sl, a] = o.consequence
                    obs["consequence_growth"][sl, a] = o.consequence_growth
            t += n
        for iv in phase.interventions:
            obs[iv.kind][t - n * phase.sessions] += iv.magnitude
        clock = phase_start_time + (phase.sessions - 1) * phase.session_interval.minutes + n * step
    # accrued consequences keep arriving in every phase, also those without the option
    obs["consequence_lag"][:] = protocol.consequence_lag
    obs["dt"][1:] = np.diff(obs["time"])
    if np.any(obs["dt"] < 0):
        bad = protocol.phases[int(obs["phase"][1:][obs["dt"][1:] < 0][0])]
        raise RemissionError(
            f"phase {bad.name!r}: sessions overlap (session_interval {bad.session_interval} is "
            f"shorter than one session); lengthen session_interval"
        )
    return CompiledProtocol(
        protocol=protocol,
        obs=obs,
        phase_names=tuple(p.name for p in protocol.phases),
        context_names=tuple(contexts),
        cue_names=tuple(cues),
    )


def _timeout_steps(timeout: float, step: float, steps_per_session: int) -> int:
    """Later steps a time-out blocks: those that start before it ends, counting from the step of
    the delivery (decisions are made at the start of a step), i.e. ceil(timeout / step) − 1 — a
    20 s time-out blocks one 10 s bin and no 60 s bin (at most a whole session; 0-minute steps
    make any time-out last it)."""
    if timeout <= 0:
        return 0
    if step <= 0:
        return steps_per_session
    return int(min(max(math.ceil(timeout / step - 1e-9) - 1, 0), steps_per_session))


def _pavlovian_layout(phase, cue_ix, K):
    us, cues = [], []
    for trial in phase.pavlovian:
        row = np.zeros(K)
        for c in trial.cs:
            row[cue_ix[c]] = 1.0
        us += [trial.us] * trial.count
        cues += [row] * trial.count
    if not us:
        return 0.0, np.zeros(K)
    return np.asarray(us), np.asarray(cues)
