"""Memory traces of the dual-trace model: encoding and retrieval (docs/MODELS.md §6.2).

Each response channel (0: the drug lever and Pavlovian CSs, 1: the alternative lever) keeps three
traces: excitatory X (the appetitive outcome), inhibitory N (its omission) and aversive P. A trace
j has a storage strength S_j, an encoding profile b_j over the stimulus vector s (one-hot context,
then cues) and an encoding age a_j::

    encoding, growth Δ > 0:  w = Δ / (S_j + Δ);  b_j ← b_j + w (s − b_j);  a_j ← (1 − w) a_j
    retrieval:               g_j = γ_k + (1 − γ_k) cos(b_j, s);  T_j = (1 + a_j / τ_R)^(−d_k)
                             B_j = g_j T_j S_j

with k the trace's kind (excitatory, or competing for N and P). The age is the time since the
trace's strength-weighted mean moment of encoding (time as part of the encoding context: Bouton
1993; Estes 1955), so only new learning renews it, never mere retrieval.

Layout: per-trace quantities are tuples of scalars (order :data:`TRACES`), not small arrays: under
``vmap`` on CPU scalar element-wise code fuses, whereas stacking, scattering and tiny matrix
products do not.
"""

from __future__ import annotations

import jax.numpy as jnp

TRACES = ("X0", "N0", "P0", "X1", "N1", "P1")
"""Trace order: per channel (0 drug, 1 alternative) excitatory, inhibitory, aversive."""
X0, N0, P0, X1, N1, P1 = range(len(TRACES))
EXCITATORY = (True, False, False, True, False, False)
CHANNELS = ((X0, N0, P0), (X1, N1, P1))
DAY = 1440.0  # minutes


def total(xs):
    """Sum of a tuple of scalars (a Python loop that traces to fused adds)."""
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


def stimulus(obs, cue_memory, extra_cues=None):
    """s: one-hot context, then each cue present on the step or remembered (``cue_memory``), and
    with ``extra_cues`` (a cue delivered with an outcome) where given."""
    ctx = tuple(obs["context"][k] for k in range(obs["context"].shape[0]))
    # the number of cues comes from the state: a design without cues has no "cues" field to read
    cues = tuple(jnp.maximum(obs["cues"][j], m) for j, m in enumerate(cue_memory))
    if extra_cues is not None:
        cues = tuple(jnp.maximum(c, extra_cues[j]) for j, c in enumerate(cues))
    return ctx + cues


def cosine(b, s):
    """cos(b, s) of two tuples of scalars; 0 when either is all zeros (a trace never encoded)."""
    num = total([x * y for x, y in zip(b, s)])
    den = jnp.sqrt(total([x * x for x in b]) * total([y * y for y in s]))
    return jnp.where(den > 0, num / jnp.where(den > 0, den, 1.0), 0.0)


def retrieval(params, state, s):
    """Per trace: ``(rho, B)`` with ρ_j = g_j T_j the retrieval and B_j = ρ_j S_j the retrieved
    strength (docs/MODELS.md §6.2)."""
    rho, strength = [], []
    for j, exc in enumerate(EXCITATORY):
        gen = params["gen_exc"] if exc else params["gen_comp"]
        decay = params["decay_exc"] if exc else params["decay_comp"]
        g = gen + (1.0 - gen) * cosine(state["binding"][j], s)
        t = jnp.exp(-decay * jnp.log1p(state["age"][j] / params["retrieval_tau"]))
        rho.append(g * t)
        strength.append(g * t * state["S"][j])
    return tuple(rho), tuple(strength)


def encode(binding, age, S_before, growth, s):
    """Move each growing trace's profile and age toward the present (strength-weighted means)."""
    new_b, new_a = [], []
    for b, a, S, d in zip(binding, age, S_before, growth):
        mass = S + d
        w = jnp.where(mass > 0, d / jnp.where(mass > 0, mass, 1.0), 0.0)
        new_b.append(tuple(bk + w * (sk - bk) for bk, sk in zip(b, s)))
        new_a.append(a * (1.0 - w))
    return tuple(new_b), tuple(new_a)
