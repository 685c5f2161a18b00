"""Turn :class:`TrialData` into what the engine needs: per-subject step layouts, padded to one length.

The step layout has exactly the keys of :func:`remission.protocols.compile.compile_protocol`'s
``obs`` (with a leading subject axis), so every model's ``policy``/``update`` reads real data the
way it reads a simulated protocol. Per-action outcome arrays (``dose``, ``reward``, shock,
``delay``) are not in trial data; they are estimated per subject and phase from what each option
delivered (mean over deliveries; drug dose: the largest). Subjects with fewer steps are padded at
the end; ``valid`` marks real steps and ``mask`` the observed choices that enter the likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from remission.io.schema import TrialData
from remission.models.base import Dims
from remission.protocols.schema import ACTIONS, INTERVENTIONS

OUTCOME_KEYS = ("delivered", "drug", "reward", "shock", "delay", "cue", "stress", "requirement")
"""Outcome fields, as :func:`remission.engine.environment.step` returns them."""


@dataclass
class Design:
    """Padded arrays for ``N`` subjects × ``T`` steps.

    Attributes
    ----------
    obs : dict of numpy arrays
        Step layout, leading axes (N, T).
    actions : (N, T) int array
        Observed action index into :data:`ACTIONS` (0 for missing responses and padding).
    outcomes : dict of numpy arrays
        Observed outcomes (:data:`OUTCOME_KEYS`), leading axes (N, T).
    mask : (N, T) bool
        Observed operant choices (enter the choice likelihood).
    cr, cr_mask : (N, T)
        Observed conditioned responses (0 where missing) and where they were observed.
    valid : (N, T) bool
        Real (non-padding) steps.
    """

    obs: dict
    actions: np.ndarray
    outcomes: dict
    mask: np.ndarray
    cr: np.ndarray
    cr_mask: np.ndarray
    valid: np.ndarray
    subjects: list
    dims: Dims
    cue_names: tuple
    context_names: tuple
    phase_names: tuple
    data: TrialData

    @property
    def n_subjects(self) -> int:
        return len(self.subjects)

    @property
    def n_steps(self) -> int:
        return int(self.actions.shape[1])

    @property
    def n_obs(self) -> np.ndarray:
        """Observations per subject (choices plus conditioned responses)."""
        return self.mask.sum(1) + self.cr_mask.sum(1)

    def arrays(self):
        """``(obs, actions, outcomes, mask, cr, cr_mask)`` as JAX arrays."""
        import jax.numpy as jnp

        conv = lambda d: {k: jnp.asarray(v) for k, v in d.items()}  # noqa: E731
        return (conv(self.obs), jnp.asarray(self.actions), conv(self.outcomes),
                jnp.asarray(self.mask), jnp.asarray(self.cr), jnp.asarray(self.cr_mask))


def build_design(data: TrialData) -> Design:
    """Lay out every subject's trials as engine steps (see the module docstring)."""
    df = data.trials
    subjects = data.subjects
    cues = sorted({c for v in df["cues"] for c in v.split(";") if c} | {c for c in df["cue"] if c})
    contexts = sorted(set(df["context"]))
    phases = tuple(dict.fromkeys(df["phase"]))
    N = len(subjects)
    groups = [g for _, g in df.groupby("subject", sort=False)]
    T = max(len(g) for g in groups)
    A, K, C = len(ACTIONS), len(cues), len(contexts)
    obs = _empty_obs(N, T, A, K, C)
    actions = np.zeros((N, T), np.int32)
    out = {k: np.zeros((N, T)) for k in OUTCOME_KEYS if k not in ("cue", "delivered")}
    out["delivered"] = np.zeros((N, T), bool)
    out["requirement"][:] = 1.0
    out["cue"] = np.zeros((N, T, K))
    mask = np.zeros((N, T), bool)
    cr = np.zeros((N, T))
    cr_mask = np.zeros((N, T), bool)
    valid = np.zeros((N, T), bool)
    cue_ix = {c: i for i, c in enumerate(cues)}
    for i, g in enumerate(groups):
        n = len(g)
        s = slice(0, n)
        valid[i, s] = True
        obs["phase"][i, s] = [phases.index(p) for p in g["phase"]]
        obs["session"][i, s] = g["session"].to_numpy()
        obs["trial"][i, s] = g["trial"].to_numpy()
        time = g["time"].to_numpy(float)
        obs["time"][i, s] = time
        obs["time"][i, n:] = time[-1]
        obs["dt"][i, 1:n] = np.diff(time)
        ctx = np.array([contexts.index(c) for c in g["context"]])
        obs["context_index"][i, s] = ctx
        obs["context"][i, np.arange(n), ctx] = 1.0
        for t, names in enumerate(g["cues"]):
            for c in filter(None, names.split(";")):
                obs["cues"][i, t, cue_ix[c]] = 1.0
        pav = g["pavlovian"].to_numpy(bool)
        obs["pavlovian"][i, s] = pav
        obs["us"][i, s] = g["us"].to_numpy()
        key = g["session"].to_numpy()
        phase_key = obs["phase"][i, s]
        obs["session_start"][i, 0] = obs["phase_start"][i, 0] = True
        obs["session_start"][i, 1:n] = key[1:] != key[:-1]
        obs["phase_start"][i, 1:n] = phase_key[1:] != phase_key[:-1]
        obs["session_start"][i, 1:n] |= obs["phase_start"][i, 1:n]
        starts = np.flatnonzero(obs["session_start"][i, s])
        for a, b in zip(starts, list(starts[1:]) + [n]):
            obs["session_progress"][i, a:b] = np.arange(b - a) / max(b - a - 1, 1)
        for t, names in enumerate(g["available"]):
            obs["available"][i, t] = [a in names.split(";") for a in ACTIONS]
        obs["available"][i, n:, 0] = True
        for kind in INTERVENTIONS:
            obs[kind][i, s] = g[kind].to_numpy()
        choice = g["choice"].tolist()
        act = np.array([ACTIONS.index(c) if isinstance(c, str) else 0 for c in choice])
        actions[i, s] = act
        mask[i, s] = np.array([isinstance(c, str) for c in choice]) & ~pav
        crs = g["cr"].to_numpy(float)
        cr_mask[i, s] = ~np.isnan(crs) & pav
        cr[i, s] = np.nan_to_num(crs)
        out["delivered"][i, s] = g["delivered"].to_numpy(bool) & (act > 0)
        for k in ("drug", "reward", "shock"):
            out[k][i, s] = g[k].to_numpy()
        out["delay"][i, s] = g["delay"].to_numpy() / 60.0
        out["stress"][i, s] = g["stress"].to_numpy()
        for t, c in enumerate(g["cue"]):
            if c and out["delivered"][i, t]:
                out["cue"][i, t, cue_ix[c]] = 1.0
        _programmed(obs, i, g, act, out["delivered"][i, s], cue_ix)
    return Design(obs=obs, actions=actions, outcomes=out, mask=mask, cr=cr, cr_mask=cr_mask,
                  valid=valid, subjects=subjects, dims=Dims(K, C), cue_names=tuple(cues),
                  context_names=tuple(contexts), phase_names=phases, data=data)


def _empty_obs(N, T, A, K, C) -> dict:
    z = lambda *shape, dtype=float: np.zeros((N, T) + shape, dtype)  # noqa: E731
    obs = {"phase": z(dtype=np.int32), "session": z(dtype=np.int32), "trial": z(dtype=np.int32),
           "time": z(), "dt": z(), "context_index": z(dtype=np.int32), "context": z(C),
           "cues": z(K), "us": z(), "pavlovian": z(dtype=bool), "session_start": z(dtype=bool),
           "phase_start": z(dtype=bool), "session_progress": z(), "available": z(A, dtype=bool),
           "dose": z(A), "reward": z(A), "shock_probability": z(A), "shock_intensity": z(A),
           "delay": z(A), "ratio": np.ones((N, T, A)), "progressive": z(A, dtype=bool),
           "timeout_steps": z(A, dtype=np.int32), "cue_on_delivery": z(A, K)}
    for kind in INTERVENTIONS:
        obs[kind] = z()
    return obs


def _programmed(obs, i, g, act, delivered, cue_ix) -> None:
    """Per subject and phase, what each option delivers, estimated from its deliveries."""
    phase = obs["phase"][i, : len(g)]
    for p in np.unique(phase):
        rows = np.flatnonzero(phase == p)
        for a in range(1, len(ACTIONS)):
            got = rows[(act[rows] == a) & delivered[rows]]
            if got.size == 0:
                continue
            shock = g["shock"].to_numpy()[got]
            obs["dose"][i, rows, a] = g["drug"].to_numpy()[got].max()
            obs["reward"][i, rows, a] = g["reward"].to_numpy()[got].mean()
            obs["shock_probability"][i, rows, a] = (shock > 0).mean()
            obs["shock_intensity"][i, rows, a] = shock[shock > 0].mean() if (shock > 0).any() else 0.0
            obs["delay"][i, rows, a] = g["delay"].to_numpy()[got].mean() / 60.0
            cues_given = [c for c in g["cue"].to_numpy()[got] if c]
            if cues_given:
                obs["cue_on_delivery"][i, rows, a, cue_ix[max(set(cues_given), key=cues_given.count)]] = 1.0
