"""Turn :class:`TrialData` into what the engine replays: per-subject steps, padded to one length.

The steps are the *perceived* fields of the step layout (:mod:`remission.engine.layout`, built with
:func:`~remission.engine.layout.empty_steps`), with a leading subject axis, plus the observed
outcomes: exactly what a model reads when it runs through a simulated protocol. Nothing the box is
programmed to do is needed or guessed: the likelihood replays what was observed. Subjects with
fewer steps are padded at the end; ``valid`` marks real steps and ``mask`` the observed choices that
enter the likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from remission.engine.layout import Sizes, empty_outcomes, empty_steps
from remission.io.schema import TrialData
from remission.models.base import Dims
from remission.protocols.schema import ACTIONS, INTERVENTIONS


@dataclass
class Design:
    """Padded arrays for ``N`` subjects × ``T`` steps.

    Attributes
    ----------
    obs : dict of numpy arrays
        Perceived and label fields of the step layout, leading axes (N, T).
    actions : (N, T) int array
        Observed action index into :data:`ACTIONS` (0 for missing responses and padding).
    outcomes : dict of numpy arrays
        Observed outcomes (:data:`remission.engine.layout.OUTCOME_FIELDS`), leading axes (N, T).
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
    sizes = Sizes(len(cues), len(contexts))
    obs = empty_steps(T, sizes, lead=(N,), roles=("perceived", "label"))
    out = empty_outcomes(T, sizes, lead=(N,))
    actions = np.zeros((N, T), np.int32)
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
        session, phase = g["session"].to_numpy(), obs["phase"][i, s]
        obs["session_start"][i, 0] = True
        obs["session_start"][i, 1:n] = (session[1:] != session[:-1]) | (phase[1:] != phase[:-1])
        for t, names in enumerate(g["available"]):
            obs["available"][i, t] = [a in names.split(";") for a in ACTIONS]
        for kind in INTERVENTIONS:
            obs[kind][i, s] = g[kind].to_numpy()
        choice = g["choice"].tolist()
        act = np.array([ACTIONS.index(c) if isinstance(c, str) else 0 for c in choice])
        actions[i, s] = act
        mask[i, s] = np.array([isinstance(c, str) for c in choice]) & ~pav
        crs = g["cr"].to_numpy(float)
        cr_mask[i, s] = ~np.isnan(crs) & pav
        cr[i, s] = np.nan_to_num(crs)
        out["completed"][i, s] = g["completed"].to_numpy(bool) & (act > 0) & ~pav
        for k in ("drug", "reward", "shock"):
            out[k][i, s] = g[k].to_numpy()
        out["delay"][i, s] = g["delay"].to_numpy() / 60.0
        for t, c in enumerate(g["cue"]):
            if c and act[t] > 0:
                out["cue"][i, t, cue_ix[c]] = 1.0
    return Design(obs=obs, actions=actions, outcomes=out, mask=mask, cr=cr, cr_mask=cr_mask,
                  valid=valid, subjects=subjects, dims=Dims(len(cues), len(contexts)),
                  cue_names=tuple(cues), context_names=tuple(contexts), phase_names=phases, data=data)
