"""The compiled core: one subject scanned over steps, vmapped over subjects, jit-compiled once.

Randomness: subject ``i`` of group ``g`` draws from ``fold_in(fold_in(PRNGKey(seed), g), i)``
(turned into a per-step counter-based stream, :mod:`remission.engine.rng`), so its trajectory does
not depend on which other subjects share the batch or which machine runs it.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from remission.engine import environment, rng
from remission.models.base import Dims, Model

#: Outcome fields recorded for every step (besides the action and the model's read-outs).
OUTCOME_COLUMNS = ("delivered", "drug", "reward", "shock")


def subject_keys(seed: int, group_key: int, subject_ids):
    base = jax.random.fold_in(jax.random.PRNGKey(seed), group_key)
    return jax.vmap(lambda i: jax.random.fold_in(base, i))(subject_ids)


def run_subject(model: Model, dims: Dims, obs, params, key):
    """Simulate one subject through all steps; returns a dict of per-step arrays."""
    T = obs["time"].shape[0]
    seed = rng.subject_seed(key)

    def body(carry, inputs):
        state, box = carry
        o, t = inputs
        u = rng.uniforms(seed, t)
        probs, pre = model.policy(params, state, o)
        action = jnp.where(o["pavlovian"], 0, jnp.searchsorted(jnp.cumsum(probs), u[0] * jnp.sum(probs)))
        action = jnp.minimum(action, probs.shape[0] - 1).astype(jnp.int32)
        box, outcome = environment.step(box, o, action, u[1])
        state, post = model.update(params, state, o, action, outcome)
        record = {"action": action, **{k: outcome[k] for k in OUTCOME_COLUMNS}, **pre, **post}
        return (state, box), record

    state0 = model.init(params, dims)
    _, records = jax.lax.scan(body, (state0, environment.init_box()), (obs, jnp.arange(T)))
    return records


def cpu_shards() -> int:
    """Number of devices subjects are split across (one per CPU core unless a GPU is in use)."""
    return len(jax.devices())


def place_subjects(tree):
    """Split arrays with a leading subject axis across the devices (no-op on one device).

    Each subject's computation stays on one device, so results are identical however the
    subjects are split. The subject count must be a multiple of :func:`cpu_shards`.
    """
    devices = jax.devices()
    if len(devices) == 1:
        return tree
    from jax.sharding import Mesh, NamedSharding, PartitionSpec

    sharding = NamedSharding(Mesh(np.asarray(devices), ("subjects",)), PartitionSpec("subjects"))
    return jax.device_put(tree, sharding)


@partial(jax.jit, static_argnames=("model", "dims"))
def run_batch(model: Model, dims: Dims, obs, params, keys):
    """vmap of :func:`run_subject` over subjects (params and keys have a leading subject axis).

    Records come back step-major, shape ``(steps, subjects)``: that is how the scan produces
    them, and transposing inside the compiled program cost about a sixth of its run time.
    """
    return jax.vmap(lambda p, k: run_subject(model, dims, obs, p, k), out_axes=1)(params, keys)


def action_log_likelihood(model: Model, dims: Dims, obs, params, actions, outcomes):
    """Log-probability of observed actions, replaying observed outcomes through the same model.

    Returns per-step log p(action) (0 on Pavlovian steps) and the per-step read-outs, so fitting
    uses exactly the functions the simulator uses.
    """

    def body(state, inputs):
        o, a, out = inputs
        probs, pre = model.policy(params, state, o)
        logp = jnp.where(o["pavlovian"], 0.0, jnp.log(jnp.maximum(probs[a], 1e-300)))
        state, post = model.update(params, state, o, a, out)
        return state, (logp, {**pre, **post})

    state0 = model.init(params, dims)
    _, (logp, readouts) = jax.lax.scan(body, state0, (obs, actions, outcomes))
    return logp, readouts
