"""The front door: :func:`simulate` runs any model through any protocol for many subjects."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from remission import models as model_registry
from remission._version import __version__
from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.layout import pad_steps
from remission.engine.records import step_columns, to_frame
from remission.engine.result import SimulationResult
from remission.engine.run import run_batch, subject_keys
from remission.errors import RemissionError
from remission.models.base import Dims, Model
from remission.params import resolve_params
from remission.protocols import Protocol, resolve


def resolve_protocol(protocol) -> Protocol:
    """A Protocol, a registered name, a :class:`~remission.protocols.Paradigm`, a TOML path or
    table (see :func:`remission.protocols.resolve`)."""
    return resolve(protocol)


def group_key(name: str) -> int:
    """Stable integer for a group name (the random stream of a group depends only on its name)."""
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def simulate(
    model: str | Model,
    protocol,
    n_subjects: int = 100,
    params=None,
    seed: int = 0,
    subjects=None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Simulate ``n_subjects`` virtual subjects of ``model`` through ``protocol``.

    Parameters
    ----------
    model : str or Model
        A registry name (see ``remission.models.names()``) or a Model.
    protocol : str, Protocol, Paradigm, path, or mapping of group name to protocol
        A registered name, a :class:`Protocol`, a TOML file, or ``{"group": protocol, ...}`` to run
        several groups (e.g. short vs long access) with the same subjects' parameters.
    n_subjects : int
        Subjects per group.
    params : mapping or Population, optional
        Scalars (shared), arrays of length ``n_subjects`` (per subject) or a
        :class:`remission.Population`. Out-of-bounds values are refused before compiling.
    seed : int
        Master seed; subject ``i`` of group ``g`` always gets the same random stream.
    subjects : array of int, optional
        Subject ids to simulate (default ``0..n_subjects-1``); simulating ``subjects=[i]`` alone
        reproduces subject ``i`` of a larger batch exactly.
    chunk_size : int, optional
        Simulate this many subjects per compiled call (bounded memory, progress updates).
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.

    Returns
    -------
    SimulationResult
    """
    mdl = model_registry.get(model)
    groups = protocol_groups(protocol)
    ids = np.arange(n_subjects) if subjects is None else np.asarray(subjects, dtype=np.int64)
    if ids.ndim != 1 or len(ids) == 0:
        raise RemissionError(f"n_subjects/subjects must give at least one subject, got {n_subjects}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise RemissionError(f"seed = {seed!r} must be a non-negative integer")
    values = resolve_params(mdl.params, params, len(ids), mdl.name, subject_ids=ids, seed=int(seed))

    compiled = {g: compile_protocol(p) for g, p in groups.items()}
    total = len(ids) * len(groups)
    done = 0
    tables = []
    for g, comp in compiled.items():
        for chunk in _chunks(len(ids), chunk_size):
            records = simulate_compiled(mdl, comp, {k: v[chunk] for k, v in values.items()},
                                        ids[chunk], seed, g, pad_subjects_to=chunk_size)
            tables.append(to_frame(step_columns(records, comp, ids[chunk], g)))
            done += len(ids[chunk])
            if progress:
                progress(done, total)
    param_table = pd.DataFrame({"subject": ids, **values})
    config = {
        "model": mdl.name,
        "protocols": {g: p.to_dict() for g, p in groups.items()},
        "n_subjects": int(len(ids)),
        "seed": int(seed),
        "version": __version__,
        "params": {k: (float(v[0]) if np.all(v == v[0]) else "per-subject") for k, v in values.items()},
    }
    return SimulationResult(trials=pd.concat(tables, ignore_index=True), params=param_table, config=config)


def simulate_compiled(mdl: Model, comp: CompiledProtocol, values, ids, seed, group: str,
                      pad_subjects_to: int | None = None):
    """Run one chunk of subjects; returns a dict of (subjects, steps) numpy arrays.

    Steps are padded to a bucket (:func:`step_bucket`) and subjects to ``pad_subjects_to`` so that
    protocols and chunks of similar size share one compiled program; padding is dropped again.
    Padded steps come after the last real step, so they cannot change any real record.
    """
    n, T = len(ids), comp.n_steps
    with jax.enable_x64(True):  # the per-subject random streams are 64-bit integers
        dims, obs, params, keys = engine_inputs(mdl, comp, values, ids, seed, group, pad_subjects_to)
        out = run_batch(mdl, dims, obs, params, keys)
        return {k: np.swapaxes(np.asarray(v)[:T, :n], 0, 1) for k, v in out.items()}


def engine_inputs(mdl: Model, comp: CompiledProtocol, values, ids, seed, group: str,
                  pad_subjects_to: int | None = None):
    """Arguments of :func:`run_batch`: padded and cast to the model's simulation dtype.

    Call inside ``jax.enable_x64(True)`` (as :func:`simulate_compiled` does).
    """
    ids = np.asarray(ids)
    n = len(ids)
    n_pad = max(n, pad_subjects_to or n)
    dtype = jnp.dtype(mdl.sim_dtype)
    cast = lambda a: jnp.asarray(a, dtype) if np.issubdtype(a.dtype, np.floating) else jnp.asarray(a)  # noqa: E731
    dims = Dims(len(comp.cue_names), len(comp.context_names))
    obs = {k: cast(v) for k, v in pad_steps(comp.obs, step_bucket(comp.n_steps)).items()}
    padded_ids = np.concatenate([ids, np.repeat(ids[-1:], n_pad - n)])
    keys = subject_keys(int(seed), group_key(group), jnp.asarray(padded_ids))
    params = {k: cast(np.concatenate([np.asarray(v, float), np.repeat(np.asarray(v, float)[-1:], n_pad - n)]))
              for k, v in values.items()}
    return dims, obs, params, keys


def step_bucket(n_steps: int) -> int:
    """Round a step count up to a coarse grid (at most ~12.5% extra) so compiled programs are reused."""
    quantum = max(64, (1 << max(0, (n_steps - 1).bit_length())) // 8)
    return -(-n_steps // quantum) * quantum


def protocol_groups(protocol) -> dict[str, Protocol]:
    """``{group name: Protocol}`` from one protocol (its name is the group) or a mapping."""
    if isinstance(protocol, Mapping) and "phases" not in protocol and "name" not in protocol:
        if not protocol:
            raise RemissionError("protocol mapping is empty; give at least one group")
        return {str(g): resolve(p, where=f"group {g!r}") for g, p in protocol.items()}
    p = resolve(protocol)
    return {p.name: p}


def _chunks(n: int, size: int | None):
    size = n if not size else size
    return [slice(i, min(i + size, n)) for i in range(0, n, size)]
