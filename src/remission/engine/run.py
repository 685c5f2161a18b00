"""The compiled core: one subject's step, vmapped over subjects, scanned over steps, jit-compiled once.

Randomness: subject ``i`` of group ``g`` draws from ``fold_in(fold_in(PRNGKey(seed), g), i)``
(turned into a per-step counter-based stream, :mod:`remission.engine.rng`), so its trajectory does
not depend on which other subjects share the batch or which machine runs it.

Two programs share the scan (:func:`scan_steps` of :func:`step_batch`): :func:`run_batch` returns the step records
asked for, :func:`run_sessions_block` only per-session sums of them
(:mod:`remission.engine.summaries`), a block of :data:`SESSION_BLOCK` steps per call.
"""

from __future__ import annotations

import functools
from functools import partial

import jax
import jax.numpy as jnp

from remission.engine import environment, rng, summaries
from remission.engine.layout import RECORDED_OUTCOMES, perceived
from remission.engine.rng import subject_keys
from remission.models.base import Dims, Model

__all__ = ["action_log_likelihood", "run_batch", "run_sessions_block", "scan_block", "scan_steps",
           "start_carry", "start_sessions", "subject_keys"]


def sample_action(probs, u, pavlovian):
    """Inverse-CDF draw: the number of partial sums p₀ + … + p_k (k < A − 1) that are ≤ u · Σ p.

    ``probs`` has the action axis first (any subject axes after it). The count is a reduction
    over a stack of comparisons (a cumsum or searchsorted is a slow loop under vmap). XLA:CPU
    materialises a reduction once but recomputes an elementwise value inside every fusion that
    reads it: summed as a Python chain, the action (and with it the policy) was recomputed in
    each of the box's fusions (rescorla_wagner 2.4× slower at 1,000 subjects, docs/DEVELOPING.md).
    Pavlovian steps offer no choice (action 0).
    """
    partial_sums = [probs[0]]
    for k in range(1, probs.shape[0]):
        partial_sums.append(partial_sums[-1] + probs[k])
    threshold = u * partial_sums[-1]
    below = jnp.stack([s <= threshold for s in partial_sums[:-1]]).astype(jnp.int32)
    action = jnp.sum(below, axis=0)
    return jnp.where(pavlovian, 0, action)


def step_batch(model: Model, params, uniforms, state, box, obs, box_step=environment.step):
    """One step of every subject: choose, let the box respond, learn. Returns state, box, record.

    The model's functions, written for one subject, are vmapped over subjects: ``params`` have
    the subject axis first, the model's ``state`` has it last, like the box, ``uniforms`` (the
    step's two random numbers per subject: the choice, the shock) and the records (…, subjects).
    With the subject axis last every carried array is contiguous over subjects and the choice
    probabilities need no transpose (+20–30 % for rescorla_wagner, docs/DEVELOPING.md). The model sees
    only the perceived fields of the step and the box's outcome; the box
    (``box_step``: :func:`remission.engine.environment.step`) sees the whole step (its programme).
    """
    u_choice, u_shock = uniforms
    seen = perceived(obs)
    ready = jax.vmap(model.begin, in_axes=(0, -1, None), out_axes=-1)(params, state, seen)
    probs, pre = jax.vmap(model.policy, in_axes=(0, -1, None), out_axes=-1)(params, ready, seen)
    action = sample_action(probs, u_choice, obs["pavlovian"])
    box, outcome = box_step(box, obs, action, u_shock)
    state, post = jax.vmap(model.update, in_axes=(0, -1, None, 0, 0), out_axes=-1)(
        params, ready, seen, action, outcome)
    record = {"action": action.astype(jnp.int8), **{k: outcome[k] for k in RECORDED_OUTCOMES},
              **pre, **post}
    return state, box, record


def start_carry(model: Model, dims: Dims, params, keys, acc0, dtype, draw=rng.uniforms):
    """The scan's carry before step 0: the model's initial state, the box, step 0's uniforms and
    ``acc0``."""
    state0 = jax.vmap(lambda p: model.init(p, dims), out_axes=-1)(params)
    box0 = environment.init_box(keys.shape[0], dtype=dtype)
    return state0, box0, _uniforms(keys, 0, dtype, draw), acc0


def _uniforms(keys, t, dtype, draw):
    return jax.vmap(lambda k, t: jnp.stack(draw(k, t, dtype)), in_axes=(0, None), out_axes=-1)(keys, t)


def scan_block(model: Model, params, keys, carry, obs, t0, collect, extra=None,
               step_fn=step_batch, draw=rng.uniforms):
    """Scan ``step_fn`` over the steps of ``obs``, which start at step ``t0`` of the protocol,
    from ``carry`` (:func:`start_carry`, or the carry a previous block returned). Returns the
    carry and the stacked outputs of ``collect`` (see :func:`scan_steps`)."""
    dtype = obs["time"].dtype

    def body(carry, inputs):
        state, box, u, acc = carry
        o, t, x = inputs
        state, box, record = step_fn(model, params, u, state, box, o)
        acc, y = collect(acc, record, x)
        return (state, box, _uniforms(keys, t + 1, dtype, draw), acc), y

    T = obs["time"].shape[0]
    return jax.lax.scan(body, carry, (obs, t0 + jnp.arange(T), extra))


def scan_steps(model: Model, dims: Dims, obs, params, keys, collect, acc0, extra=None,
               step_fn=step_batch, draw=rng.uniforms):
    """Scan ``step_fn`` (:func:`step_batch`) over steps; ``collect`` turns each step's records
    into the scan's outputs.

    ``collect(acc, record, extra_t) -> (acc, y)`` sees the records of all subjects (subject axis
    last) and the step's slice of ``extra``; returns the final ``acc`` and the stacked ``y``.

    The next step's uniforms (``draw(key, t, dtype)`` per subject) are carried: a loop-carried
    value is computed once, whereas XLA would otherwise recompute the ~100 integer operations of
    the hash inside every fusion that reads them. Each subject's arithmetic is the same as alone,
    so results do not depend on the batch.
    """
    carry0 = start_carry(model, dims, params, keys, acc0, obs["time"].dtype, draw)
    (*_, acc), ys = scan_block(model, params, keys, carry0, obs, 0, collect, extra, step_fn, draw)
    return acc, ys


def _run_batch(model: Model, dims: Dims, obs, params, keys, record: tuple[str, ...] | None = None):
    """Step records of every subject, shape ``(steps, subjects)``; only the names in ``record``
    (all when None). ``params`` and ``keys`` have a leading subject axis.

    Each record is its own scan output. Stacking them per dtype into one array per step (one
    write instead of several) copied every record twice and ran 1.5–1.8× slower with all records
    kept (rescorla_wagner, 4,000 subjects, benchmarks/throughput.py, 2026-12-02)."""

    def keep(acc, rec, _):
        return acc, {k: v for k, v in rec.items() if record is None or k in record}

    return scan_steps(model, dims, obs, params, keys, keep, None)[1]


SESSION_BLOCK = 128
"""Steps per call of the session program (:func:`run_sessions_block`). A protocol of T steps runs
as ⌈T/128⌉ calls of one compiled block, so every protocol of a model (with the same cues,
contexts, read-outs and session rows) shares one program whatever its length: the default
scorecard compiled one program per step bucket before (11 for dual_trace alone, 3–10 s each)."""


def _start_sessions(model: Model, dims: Dims, params, keys, dtype_like, n_windows: int,
                    readouts: tuple[str, ...], n_segments: int):
    """The carry of :func:`run_sessions_block` before step 0 (``dtype_like``: a float array of
    the simulation's dtype)."""
    acc0 = summaries.empty(n_segments, n_windows, len(readouts), keys.shape[0], dtype_like.dtype)
    return start_carry(model, dims, params, keys, acc0, dtype_like.dtype)


def _run_sessions_block(model: Model, dims: Dims, obs, params, keys, segment, inside, carry, t0,
                        readouts: tuple[str, ...]):
    """Per-session sums (:func:`remission.engine.summaries.accumulate`) of one block of steps,
    computed in the scan, from ``carry`` (``start_sessions``, or the previous block's).

    ``obs`` holds the block's steps, which start at step ``t0`` (traced: every block shares the
    program); ``segment`` (steps,) is each step's session index (the padding row for padding
    steps), ``inside`` (steps, windows) whether the step lies in each window. Returns the carry;
    ``summaries.finish(carry[-1])`` is ``counts`` (sessions, counts, subjects) int32 and the
    compensated read-out sums ``high``, ``low`` (sessions, read-outs, subjects): only
    O(sessions) leaves the device.
    """

    def add(acc, rec, x):
        return summaries.accumulate(acc, rec, *x, readouts), None

    carry, _ = scan_block(model, params, keys, carry, obs, t0, add,
                          extra=(segment, obs["session_start"], inside))
    return carry


CPU_OPTIONS = {"xla_cpu_experimental_ynn_fusion_type": ""}
"""XLA:CPU options of the engine's programs: no YNNPACK reduction kernels. Each reduction over a
model's small axes (actions, features) then fuses with its neighbours instead of running as a
separate library kernel at every step (3× faster rescorla_wagner steps, benchmarks/engine_profile.py).
Other backends ignore it."""


@functools.cache
def compiler_options() -> dict:
    """:data:`CPU_OPTIONS` where this jaxlib knows them (probed once), else none."""
    try:
        jax.jit(jnp.negative, compiler_options=CPU_OPTIONS).lower(jnp.zeros(2)).compile()
    except Exception:  # noqa: BLE001 - an older XLA without the option: plain defaults
        return {}
    return dict(CPU_OPTIONS)


class _Program:
    """A jit-compiled engine program, built on first use (so importing the engine compiles
    nothing) with :func:`compiler_options`; attributes (``lower``, ...) are the jitted function's."""

    def __init__(self, fun, static: tuple[str, ...], donate: tuple[str, ...] = ()):
        self.fun, self.static, self.donate = fun, static, donate
        functools.update_wrapper(self, fun)

    @functools.cached_property
    def jitted(self):
        return jax.jit(self.fun, static_argnames=self.static, donate_argnames=self.donate,
                       compiler_options=compiler_options())

    def __call__(self, *args, **kwargs):
        return self.jitted(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.jitted, name)


run_batch = _Program(_run_batch, ("model", "dims", "record"))
start_sessions = _Program(_start_sessions, ("model", "dims", "n_windows", "readouts", "n_segments"))
run_sessions_block = _Program(_run_sessions_block, ("model", "dims", "readouts"), donate=("carry",))


def action_log_likelihood(model: Model, dims: Dims, obs, params, actions, outcomes):
    """Log-probability of observed actions, replaying observed outcomes through the same model.

    ``obs`` holds the perceived fields of the step layout (others are ignored) and ``outcomes``
    the outcome fields. Returns per-step log p(action) (0 on Pavlovian steps) and the per-step
    read-outs, so fitting uses exactly the functions the simulator uses.
    """

    def body(state, inputs):
        o, a, out = inputs
        ready = model.begin(params, state, o)
        probs, pre = model.policy(params, ready, o)
        logp = jnp.where(o["pavlovian"], 0.0, jnp.log(jnp.maximum(probs[a], 1e-300)))
        state, post = model.update(params, ready, o, a, out)
        return state, (logp, {**pre, **post})

    state0 = model.init(params, dims)
    _, (logp, readouts) = jax.lax.scan(body, state0, (perceived(obs), actions, outcomes))
    return logp, readouts
