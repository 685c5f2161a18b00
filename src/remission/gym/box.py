"""The engine's operant box, stepped one action at a time for a batch of subjects.

Nothing here re-implements the box. Each step calls :func:`remission.engine.environment.step`
(schedules, time-outs, outcomes) vmapped over subjects, on the protocol compiled by
:func:`remission.engine.compile.compile_protocol`; the shock uniform is the engine's own per-subject
stream (:mod:`remission.engine.rng`, keys from :func:`remission.engine.run.subject_keys`). So
subject ``i`` of group ``g`` under ``seed`` meets exactly the schedules and shocks here that it
meets in ``remission.simulate(..., seed=seed)``, whatever chooses its actions.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial

import jax
import jax.numpy as jnp
import numpy as np

from remission.engine import environment, rng
from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.layout import OUTCOME_FIELDS, OUTCOMES, Sizes, empty_outcomes
from remission.engine.run import subject_keys
from remission.engine.simulation import group_key
from remission.errors import RemissionError
from remission.protocols import resolve

#: Stream of the engine's per-step uniforms that the box draws its shocks from (stream 0 is the
#: model's choice; :func:`remission.engine.run.step_batch`).
SHOCK_STREAM = 1
DTYPES = ("float32", "float64")
MAX_SEED = 2**63 - 1
#: Steps packed for the device at a time (bounded memory for long protocols).
CHUNK = 4096


def _step_batch(box, row, t, actions, keys, layout, dtype):
    """One step of the engine's box for every subject: the new box state and the outcomes packed
    into one ``(subjects, fields)`` array (one transfer back to the host instead of six).

    The step arrives packed in one float64 ``row`` (:func:`pack_steps`), so the compiled program
    depends on the layout's shapes only, not on the protocol's length.
    """
    step_t = unpack_step(row, layout, dtype)
    u = jax.vmap(lambda k: rng.uniforms(k, t, dtype=dtype)[SHOCK_STREAM])(keys)
    box, out = environment.step(box, step_t, actions, u)  # written for the whole batch
    columns = [out[k].astype(dtype)[:, None] if out[k].ndim == 1 else out[k] for k in OUTCOMES]
    return box, jnp.concatenate(columns, axis=1)


@lru_cache(maxsize=None)
def compiled_step(layout, dtype):
    """:func:`_step_batch` jitted for one layout and dtype, shared by every environment."""
    return jax.jit(partial(_step_batch, layout=layout, dtype=dtype))


def pack_steps(steps: dict, rows: slice) -> np.ndarray:
    """Every field of compiled steps ``rows``, one float64 row per step (integers and flags are
    exact)."""
    return np.concatenate([v[rows].reshape(len(v[rows]), -1).astype(np.float64)
                           for v in steps.values()], axis=1)


def unpack_step(row, layout, dtype) -> dict:
    """Invert one row of :func:`pack_steps`: ``layout`` is ``((name, shape, numpy dtype string),
    ...)``; floats come back in ``dtype``, as the engine casts them for a model of that
    ``sim_dtype``."""
    out, col = {}, 0
    for name, shape, kind in layout:
        width = math.prod(shape)
        value = row[col:col + width].reshape(shape)
        col += width
        kind = np.dtype(kind)
        out[name] = value > 0.5 if kind == np.bool_ else value.astype(dtype if kind.kind == "f" else kind)
    return out


class BoxBatch:
    """``n`` subjects in the box of one protocol, all at the same step ``t``.

    Parameters
    ----------
    protocol : Protocol, str, Paradigm or path
        Anything :func:`remission.protocols.resolve` accepts.
    n : int
        Subjects stepped together.
    group : str, optional
        Group whose random streams the subjects use (default: the protocol's name, the group
        ``remission.simulate`` gives a single protocol).
    dtype : {"float32", "float64"}
        Precision of the box and its uniforms. The engine runs the box in the model's
        ``sim_dtype``, so match it to reproduce a model's run exactly (float32 for every
        registered model but ``latent_cause``, which is float64).
    """

    def __init__(self, protocol, n: int = 1, group: str | None = None, dtype: str = "float32"):
        if dtype not in DTYPES:
            raise RemissionError(f"dtype = {dtype!r}; valid: {', '.join(DTYPES)}")
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise RemissionError(f"num_envs = {n!r} must be a positive integer")
        self.protocol = resolve(protocol)
        self.compiled: CompiledProtocol = compile_protocol(self.protocol)
        self.n = int(n)
        self.group = self.protocol.name if group is None else str(group)
        self.dtype = np.dtype(dtype)
        self.sizes = Sizes(len(self.compiled.cue_names), len(self.compiled.context_names))
        obs = self.compiled.obs
        self._step = compiled_step(tuple((k, v.shape[1:], v.dtype.str) for k, v in obs.items()),
                                   self.dtype.name)
        self._outcome_columns = _columns(self.sizes)
        self._chunk = (-1, None)
        self.t = 0
        self._seeds = self._box = None

    @property
    def n_steps(self) -> int:
        return self.compiled.n_steps

    @property
    def done(self) -> bool:
        return self.t >= self.n_steps

    def reset(self, seed: int, first_subject: int = 0) -> None:
        """Put subjects ``first_subject ... first_subject + n - 1`` of ``seed`` in a fresh box."""
        check_seed(seed, "seed")
        ids = np.arange(self.n, dtype=np.int64) + check_seed(first_subject, "subject")
        with jax.enable_x64(True):
            self._seeds = subject_keys(int(seed), group_key(self.group), ids)
            self._box = environment.init_box(self.n, dtype=self.dtype)
        self.subjects = ids
        self.t = 0

    def step(self, actions: np.ndarray) -> dict[str, np.ndarray]:
        """Apply engine action indices (``protocols.ACTIONS``) at step ``t`` and advance.

        Returns the outcome fields (:data:`remission.engine.layout.OUTCOME_FIELDS`) with a
        leading subject axis, plus ``action``: what the box registered (``none`` on Pavlovian
        steps, where the engine allows no response).
        """
        if self._box is None:
            raise RemissionError("step() before reset(): call reset() first")
        if self.done:
            raise RemissionError(f"the protocol ended after step {self.n_steps - 1}; call reset()")
        t = self.t
        actions = np.where(self.compiled.obs["pavlovian"][t], 0, np.asarray(actions, np.int32))
        with jax.enable_x64(True):
            self._box, packed = self._step(self._box, self._row(t), t, actions, self._seeds)
        packed = np.asarray(packed)
        self.t += 1
        out = {"action": actions}
        for name, cols, shape, flag in self._outcome_columns:
            block = packed[:, cols].reshape((self.n,) + shape)
            out[name] = block > 0 if flag else block
        return out

    def _row(self, t: int) -> np.ndarray:
        start = t - t % CHUNK
        if self._chunk[0] != start:
            self._chunk = (start, pack_steps(self.compiled.obs, slice(start, start + CHUNK)))
        return self._chunk[1][t - start]

    def no_outcome(self) -> dict[str, np.ndarray]:
        """The outcome fields of a step where nothing happened (what a fresh box reports)."""
        empty = empty_outcomes(1, self.sizes, (self.n,))
        return {k: (v[:, 0].astype(self.dtype) if v.dtype.kind == "f" else v[:, 0])
                for k, v in empty.items()}


def _columns(sizes: Sizes):
    """(name, columns of the packed outcome, shape, is a flag) for each outcome field."""
    out, col = [], 0
    for f in OUTCOME_FIELDS:
        shape = sizes.shape(f.axes)
        width = math.prod(shape)
        out.append((f.name, slice(col, col + width), shape, f.dtype == "bool"))
        col += width
    return tuple(out)


def check_seed(value, field: str) -> int:
    """Refuse a seed or subject id the engine's streams cannot take."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= MAX_SEED:
        raise RemissionError(f"{field} = {value!r} must be an integer in [0, 2**63 - 1]")
    return int(value)
