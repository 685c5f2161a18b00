"""The front door: :func:`simulate` runs any model through any protocol for many subjects and
returns its trial table; :func:`simulate_sessions` returns only the per-session table."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from remission import models as model_registry
from remission._version import __version__
from remission.engine import cache
from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.memory import BYTES_PER_VALUE, check_memory
from remission.engine.layout import RECORDED_OUTCOMES, pad_steps
from remission.engine.records import STEP_COLUMNS, step_columns, to_frame
from remission.engine.result import SimulationResult
from remission.engine.run import SESSION_BLOCK, run_batch, run_sessions_block, start_sessions, subject_keys
from remission.engine import summaries
from remission.engine.summaries import COUNTS, SessionPlan, session_columns, session_plan
from remission.errors import RemissionError, unknown_name
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
    record: Sequence[str] | None = None,
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
        Simulate this many subjects per compiled call (bounded memory, progress updates; at most
        ``n_subjects``, a larger value is clipped). By default the batch is sized to the device's memory (:func:`device_chunk`).
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk.
    record : sequence of str, optional
        Step records to keep (e.g. ``("action", "drug", "response")``): ``action``, the outcomes
        ``completed``, ``drug``, ``reward``, ``shock`` and the model's read-outs. Default: all.
        The others are never computed into memory, let alone copied to the host.

    Returns
    -------
    SimulationResult
    """
    _check_chunk(chunk_size)
    mdl, groups, ids, values = _prepare(model, protocol, n_subjects, params, seed, subjects)
    keep = record_names(mdl, record)
    compiled = {g: compile_protocol(p) for g, p in groups.items()}
    total = len(ids) * len(groups)
    done = 0
    tables = []
    for g, comp in compiled.items():
        per_subject = step_bucket(comp.n_steps) * 4 * (1 + len(keep or mdl.readouts) + len(RECORDED_OUTCOMES))
        size = min(int(chunk_size), len(ids)) if chunk_size else device_chunk(len(ids), per_subject)
        for chunk in _chunks(len(ids), size):
            records = simulate_compiled(mdl, comp, {k: v[chunk] for k, v in values.items()},
                                        ids[chunk], seed, g, pad_subjects_to=size, record=keep)
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
    if keep is not None:
        config["record"] = list(keep)
    return SimulationResult(trials=pd.concat(tables, ignore_index=True), params=param_table, config=config)


def simulate_sessions(
    model: str | Model,
    protocol,
    n_subjects: int = 100,
    params=None,
    seed: int = 0,
    subjects=None,
    windows: Mapping[str, tuple[float, float]] | None = None,
    readouts: Sequence[str] = ("response",),
    chunk_size: int | None = None,
) -> pd.DataFrame:
    """The per-session table of a simulation, computed inside the compiled program.

    Equal (columns, dtypes, order, values to ~1e-10) to
    ``session_table(simulate(...).trials, windows=windows)`` restricted to ``readouts``
    (:func:`remission.engine.records.session_table` is the reference), but only O(sessions)
    numbers leave the device: per group, subject, phase and session the presses on each lever,
    infusions, rewards, shocks (also inside each window ``{name: (start_min, end_min)}`` from the
    session's first step), the context, the start time and the mean of each read-out
    (:mod:`remission.engine.summaries`). Arguments as :func:`simulate`; calls with the same model,
    protocol shape, subject count, windows and read-outs reuse one compiled program.
    """
    _check_chunk(chunk_size)
    names = readout_names(model_registry.get(model), readouts)
    fits = lambda groups, n: check_sessions_size(groups, n, len(names), len(windows or {}))  # noqa: E731
    mdl, groups, ids, values = _prepare(model, protocol, n_subjects, params, seed, subjects, fits)
    tables = []
    for g, p in groups.items():
        plan = session_plan(compile_protocol(p), windows)
        size = (min(int(chunk_size), len(ids)) if chunk_size
                else device_chunk(len(ids), 64 * plan.n_segments * (len(COUNTS) + len(names))))
        for chunk in _chunks(len(ids), size):
            out = simulate_sessions_compiled(mdl, plan, {k: v[chunk] for k, v in values.items()},
                                             ids[chunk], seed, g, names, pad_subjects_to=size)
            tables.append(to_frame(session_columns(plan, out, ids[chunk], g, names)))
    return pd.concat(tables, ignore_index=True)


def simulate_compiled(mdl: Model, comp: CompiledProtocol, values, ids, seed, group: str,
                      pad_subjects_to: int | None = None, record: tuple[str, ...] | None = None):
    """Run one chunk of subjects; returns a dict of (subjects, steps) numpy arrays.

    Steps are padded to a bucket (:func:`step_bucket`) and subjects to ``pad_subjects_to`` so that
    protocols and chunks of similar size share one compiled program; padding is dropped again.
    Padded steps come after the last real step, so they cannot change any real record.
    """
    n, T = len(ids), comp.n_steps
    with precision(mdl):
        dims, obs, params, keys = engine_inputs(mdl, comp, values, ids, seed, group, pad_subjects_to)
        out = run_batch(mdl, dims, obs, params, keys, record=record)
        return {k: np.swapaxes(np.asarray(v)[:T, :n], 0, 1) for k, v in out.items()}


def simulate_sessions_compiled(mdl: Model, plan: SessionPlan, values, ids, seed, group: str,
                               readouts: tuple[str, ...], pad_subjects_to: int | None = None):
    """Run one chunk through :func:`run_sessions_block`, block after block of
    :data:`~remission.engine.run.SESSION_BLOCK` steps; numpy arrays (sessions, ·, padded
    subjects)."""
    B = SESSION_BLOCK
    T = -(-plan.comp.n_steps // B) * B
    with precision(mdl):
        dims, obs, params, keys = engine_inputs(mdl, plan.comp, values, ids, seed, group,
                                                pad_subjects_to, n_steps=T, host_obs=True)
        segment, inside = plan.segment(T), plan.padded_inside(T)
        carry = start_sessions(mdl, dims, params, keys, obs["time"], n_windows=inside.shape[1],
                               readouts=readouts, n_segments=plan.n_rows)
        for t0 in range(0, T, B):
            block = slice(t0, t0 + B)
            carry = run_sessions_block(mdl, dims, {k: jnp.asarray(v[block]) for k, v in obs.items()}, params,
                                       keys, jnp.asarray(segment[block]), jnp.asarray(inside[block]),
                                       carry, jnp.int32(t0), readouts=readouts)
        out = summaries.finish(carry[-1])
        return {k: np.asarray(v)[: plan.n_segments] for k, v in out.items()}


def precision(mdl: Model):
    """The JAX mode a model simulates in: 64-bit only for float64 models (the random streams are
    32-bit), whatever the caller's own setting, so the same seed always gives the same numbers."""
    cache.enable()
    return jax.enable_x64(jnp.dtype(mdl.sim_dtype) == jnp.float64)


def engine_inputs(mdl: Model, comp: CompiledProtocol, values, ids, seed, group: str,
                  pad_subjects_to: int | None = None, n_steps: int | None = None,
                  host_obs: bool = False):
    """Arguments of :func:`run_batch`: padded (steps to ``n_steps``, default
    :func:`step_bucket`) and cast to the model's simulation dtype; with ``host_obs`` the steps
    stay numpy arrays (for :func:`run_sessions_block` to take block by block).

    Call inside :func:`precision` (as :func:`simulate_compiled` does).
    """
    ids = np.asarray(ids)
    n = len(ids)
    n_pad = max(n, pad_subjects_to or n)
    dtype = jnp.dtype(mdl.sim_dtype)
    to = np if host_obs else jnp
    cast = lambda a, to=jnp: to.asarray(a, dtype) if np.issubdtype(a.dtype, np.floating) else to.asarray(a)  # noqa: E731
    dims = Dims(len(comp.cue_names), len(comp.context_names))
    obs = {k: cast(v, to) for k, v in pad_steps(comp.obs, n_steps or step_bucket(comp.n_steps)).items()}
    padded_ids = np.concatenate([ids, np.repeat(ids[-1:], n_pad - n)])
    keys = subject_keys(int(seed), group_key(group), padded_ids)
    params = {k: cast(np.concatenate([np.asarray(v, float), np.repeat(np.asarray(v, float)[-1:], n_pad - n)]))
              for k, v in values.items()}
    return dims, obs, params, keys


def record_names(mdl: Model, record) -> tuple[str, ...] | None:
    """``record`` checked against what a step records, as a sorted tuple (None: everything)."""
    if record is None:
        return None
    valid = ("action", *RECORDED_OUTCOMES, *(r for r in mdl.readouts if r not in STEP_COLUMNS))
    names = [record] if isinstance(record, str) else list(record)
    for name in names:
        if name not in valid:
            raise unknown_name(f"step record of model {mdl.name!r} (record=)", name, valid)
    return tuple(sorted(set(names)))


def readout_names(mdl: Model, readouts) -> tuple[str, ...]:
    """``readouts`` checked against the model's read-outs, in the trial table's column order."""
    valid = [r for r in mdl.readouts if r not in STEP_COLUMNS]
    names = [readouts] if isinstance(readouts, str) else list(readouts or ())
    for name in names:
        if name not in valid:
            raise unknown_name(f"read-out of model {mdl.name!r} (readouts=)", name, valid)
    return tuple(sorted(set(names)))


def device_chunk(n_subjects: int, bytes_per_subject: int) -> int | None:
    """Subjects per compiled call that fit a quarter of the device's memory (2 GiB where the
    device does not say, as on CPU): None when all fit, else a power of two."""
    stats = jax.devices()[0].memory_stats() or {}
    budget = stats.get("bytes_limit", 8 << 30) // 4
    fits = max(1, budget // max(1, int(bytes_per_subject)))
    return None if n_subjects <= fits else 1 << (int(fits).bit_length() - 1)


def _prepare(model, protocol, n_subjects, params, seed, subjects, fits=None):
    """Validated model, groups, subject ids and parameter values shared by the simulate functions.

    ``fits(groups, n_subjects)`` refuses an output too large for memory (default: the trial
    table, :func:`check_table_size`), before any subject is drawn."""
    mdl = model_registry.get(model)
    groups = protocol_groups(protocol)
    if subjects is None:
        if not isinstance(n_subjects, (int, np.integer)) or isinstance(n_subjects, bool) or n_subjects < 1:
            raise RemissionError(f"n_subjects (--subjects) = {n_subjects!r} must be a positive integer")
        (fits or partial(check_table_size, mdl))(groups, int(n_subjects))
    ids = np.arange(n_subjects) if subjects is None else np.asarray(subjects, dtype=np.int64)
    if ids.ndim != 1 or len(ids) == 0:
        raise RemissionError(f"n_subjects/subjects must give at least one subject, got {n_subjects}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise RemissionError(f"seed = {seed!r} must be a non-negative integer")
    values = resolve_params(mdl.params, params, len(ids), mdl.name, subject_ids=ids, seed=int(seed))
    return mdl, groups, ids, values


def check_table_size(mdl: Model, groups: Mapping[str, Protocol], n_subjects: int) -> None:
    """Refuse, before anything is compiled, a trial table larger than the memory available."""
    steps = sum(p.n_steps for p in groups.values())
    values = n_subjects * steps * (len(STEP_COLUMNS) + len(mdl.readouts) + len(RECORDED_OUTCOMES))
    check_memory(values * BYTES_PER_VALUE,
                 f"n_subjects (--subjects) = {n_subjects:,} × {steps:,} steps (a trial table of "
                 f"{n_subjects * steps:,} rows)",
                 "simulate fewer subjects, or stream them to disk with `remission sweep` "
                 "(remission.sweep(..., out=DIR))")


def check_sessions_size(groups: Mapping[str, Protocol], n_subjects: int, n_readouts: int = 1,
                        n_windows: int = 0, subjects: str | None = None) -> None:
    """Refuse, before anything is compiled, a session table (what :func:`simulate_sessions`
    returns) larger than the memory available: one row per subject and session, with the
    counts (also per window), the read-outs and the row keys. ``subjects`` says where
    ``n_subjects`` came from (default: ``n_subjects (--subjects) = N``)."""
    sessions = sum(p.sessions for g in groups.values() for p in g.phases)
    columns = len(COUNTS) * (1 + n_windows) + n_readouts + 8
    subjects = subjects or f"n_subjects (--subjects) = {n_subjects:,}"
    check_memory(n_subjects * sessions * columns * BYTES_PER_VALUE,
                 f"{subjects} × {sessions:,} sessions (a session table of "
                 f"{n_subjects * sessions:,} rows)", "simulate fewer subjects")


def _check_chunk(chunk_size) -> None:
    if chunk_size is not None and (not isinstance(chunk_size, (int, np.integer))
                                   or isinstance(chunk_size, bool) or chunk_size < 1):
        raise RemissionError(f"chunk_size (--chunk) = {chunk_size!r} must be a positive integer "
                             "(subjects per compiled batch), or None to size it to memory")


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
