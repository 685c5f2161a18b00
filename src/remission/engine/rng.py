"""Per-subject random streams: one Threefry-2x32-20 hash per step, 32-bit integers only.

Subject ``i`` of group ``g`` has the threefry key ``fold_in(fold_in(PRNGKey(seed), g), i)``
(:func:`subject_keys`). Step ``t``'s two uniforms are the two output words of Threefry-2x32 with
20 rounds (Salmon, Moraes, Dror & Shaw 2011, SC'11 "Parallel random numbers: as easy as 1, 2, 3";
the hash behind ``jax.random``) of that key and the counter ``(t, 0)``:

    (w₀, w₁) = threefry2x32(key, (t, 0)) ;  u_j = ⌊w_j / 2^(32−m)⌋ · 2^(−m)

with m = 24 mantissa bits for float32 and 32 for float64. :func:`threefry2x32` is the published
function written out round by round (bit-for-bit ``jax.extend.random.threefry2x32_p``, whose CPU
lowering is a rolled inner loop: a loop inside every step of the scan). It is pure elementwise
uint32 arithmetic, so a subject's numbers do not depend on batch size, chunking, vmap or device,
and float32 models need no 64-bit mode at all.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))
PARITY = 0x1BD11BDA


@jax.jit
def _fold_keys(seed, group_key, subject_ids):
    base = jax.random.fold_in(jax.random.PRNGKey(seed), group_key)
    return jax.vmap(lambda i: jax.random.fold_in(base, i))(subject_ids)


def subject_keys(seed: int, group_key: int, subject_ids):
    """Raw threefry keys, shape ``(subjects, 2)`` uint32, one per subject id.

    Derived in 64-bit mode so that seeds and ids of any size give the same keys whatever the
    caller's JAX settings (a host-side step, outside the simulation loop).
    """
    with jax.enable_x64(True):
        ids = jnp.asarray(subject_ids, dtype=jnp.int64)
        return _fold_keys(jnp.asarray(seed, jnp.int64), jnp.asarray(group_key, jnp.int64), ids)


def threefry2x32(k0, k1, x0, x1):
    """Threefry-2x32-20 of key ``(k0, k1)`` and counter ``(x0, x1)`` (uint32): two uint32 words.

    Five blocks of four rounds ``x₀ += x₁; x₁ = rotl(x₁, r) ⊕ x₀``, each followed by a key
    injection from the schedule (k₀, k₁, k₀ ⊕ k₁ ⊕ 0x1BD11BDA).
    """
    u32 = jnp.uint32
    schedule = (k0, k1, k0 ^ k1 ^ u32(PARITY))
    x0, x1 = x0 + k0, x1 + k1
    for block in range(5):
        for r in ROTATIONS[block % 2]:
            x0 = x0 + x1
            x1 = ((x1 << u32(r)) | (x1 >> u32(32 - r))) ^ x0
        x0 = x0 + schedule[(block + 1) % 3]
        x1 = x1 + schedule[(block + 2) % 3] + u32(block + 1)
    return x0, x1


def uniforms(key, step, dtype=jnp.float32):
    """The two uniforms in [0, 1) of ``step`` for one subject's ``key`` (two uint32 words)."""
    counter = jnp.asarray(step).astype(jnp.uint32)
    words = threefry2x32(key[0], key[1], counter, jnp.zeros_like(counter))
    return tuple(to_unit(w, dtype) for w in words)


def to_unit(word, dtype):
    """A uint32 word as a uniform in [0, 1) with as many bits as ``dtype`` holds (24 or 32)."""
    bits = min(jnp.finfo(dtype).nmant + 1, 32)
    if bits < 32:  # the shifted word fits an int32, whose conversion is native everywhere
        word = jax.lax.bitcast_convert_type(word >> jnp.uint32(32 - bits), jnp.int32)
    return word.astype(dtype) * jnp.asarray(2.0 ** -bits, dtype)
