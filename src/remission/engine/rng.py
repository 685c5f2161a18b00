"""Cheap, counter-based per-step uniforms for the simulation loop.

Drawing threefry uniforms for every subject and step dominated simulation time, so each subject
gets one 64-bit seed from its threefry key and each step's uniforms are outputs of the subject's
SplitMix64 sequence, indexed by (step, stream) (Steele, Lea & Flood 2014, OOPSLA). The hash is pure elementwise
integer arithmetic: a subject's numbers do not depend on batch size, chunking, vmap or device.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

_GOLDEN = 0x9E3779B97F4A7C15


def subject_seed(key) -> jnp.ndarray:
    """One uint64 seed from a threefry key."""
    bits = jax.random.bits(key, (2,), dtype=jnp.uint32).astype(jnp.uint64)
    return (bits[0] << jnp.uint64(32)) | bits[1]


def splitmix64(x):
    """The SplitMix64 output function of state ``x`` (the state advances by the golden gamma)."""
    x = (x ^ (x >> jnp.uint64(30))) * jnp.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> jnp.uint64(27))) * jnp.uint64(0x94D049BB133111EB)
    return x ^ (x >> jnp.uint64(31))


def uniforms(seed, step, n_streams: int = 2, dtype=jnp.float64):
    """``n_streams`` uniforms in [0, 1) for one step: outputs ``step·n_streams + j + 1`` of the
    subject's SplitMix64 sequence, as full-precision mantissas of ``dtype``."""
    counter = step.astype(jnp.uint64) * jnp.uint64(n_streams) + jnp.arange(1, n_streams + 1, dtype=jnp.uint64)
    bits = splitmix64(seed + counter * jnp.uint64(_GOLDEN))
    mantissa = jnp.finfo(dtype).nmant + 1  # 53 bits for float64, 24 for float32
    return (bits >> jnp.uint64(64 - mantissa)).astype(dtype) * jnp.asarray(2.0**-mantissa, dtype)
