"""Latent cause model of Pavlovian conditioning, LCM (docs/MODELS.md §4).

Gershman, S. J., Blei, D. M. & Niv, Y. (2010). Context, learning, and extinction. *Psychological
Review* 117:197–209. :func:`infer` reproduces the published ``LCM_infer.m`` (local MAP) to 1e-6;
the engine agent (registered as ``latent_cause``,
:mod:`remission.models.latent_cause_agent`) calls the same :func:`trial` function.

Features x_t ∈ {0,1}^D, column 0 the US. Per particle: N_k trials on cause k, n_{k,d} (feature d
present) and m_{k,d} (absent) counts, at most K causes. Each trial:

1. Likelihood ℓ_{k,d} = (n_{k,d} + a)/(N_k + a + b) if x_{t,d} = 1, else (m_{k,d} + a)/(N_k + a + b).
2. CRP prior ∝ N_k, plus stickiness s on the previous trial's cause; the first empty slot
   (after adding s) gets α. With α = 0 only cause 1 ever exists.
3. CS-only posterior p⁰_k ∝ prior_k Π_{d≥1} ℓ_{k,d} (normalised per particle).
4. V_t = (1/M) Σ_m Σ_k p⁰_{m,k} (n_{k,0} + a)/(N_k + a + b).
5. Full posterior p_{m,k} ∝ prior_k Π_d ℓ_{k,d}, normalised over all particles and causes.
6. M = 1 (local MAP): assign argmax (first on ties). M > 1: each new particle copies particle
   m with probability Σ_k p_{m,k} and takes cause k with probability p_{m,k}/Σ_k p_{m,k} (one
   categorical draw on the flattened posterior, seeded).

Numerics: products are sums of logs (no underflow with many features or trials). Deviation from
the published particle filter: stickiness there always favours cause 1 for M > 1 (its ``z`` is
never updated); here each particle remembers its own previous cause (identical for M = 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from remission.errors import RemissionError


def init_state(n_features: int, max_causes: int, particles: int = 1):
    """Empty counts for ``particles`` particles; every particle's "previous cause" is cause 1."""
    M, K, D = particles, max_causes, n_features
    return {"Nk": jnp.zeros((M, K)), "n": jnp.zeros((M, K, D)), "m": jnp.zeros((M, K, D)),
            "z": jnp.zeros(M, jnp.int32)}


def trial(state, x, alpha, a, b, stickiness, key=None):
    """One trial (steps 1–6). Returns (state, (V_t, posterior_t, CS-only posterior_t)).

    Posteriors are averaged over particles.

    ``key`` is needed only with several particles.
    """
    Nk, n, m, z = state["Nk"], state["n"], state["m"], state["z"]
    M, K = Nk.shape
    denom = (Nk + a + b)[..., None]
    loglik = jnp.log(jnp.where(x > 0, n, m) + a) - jnp.log(denom)
    p_us = (n[..., 0] + a) / denom[..., 0]
    raw = Nk + stickiness * jax.nn.one_hot(z, K)
    empty = raw == 0
    new = jnp.any(empty, axis=1, keepdims=True) & (jnp.arange(K) == jnp.argmax(empty, axis=1)[:, None])
    prior = jnp.where(new, alpha, raw)
    logprior = jnp.where(prior > 0, jnp.log(jnp.where(prior > 0, prior, 1.0)), -jnp.inf)
    log_cs = logprior + jnp.sum(loglik[..., 1:], axis=-1)
    log_all = log_cs + loglik[..., 0]
    single = jnp.zeros((M, K)).at[:, 0].set(1.0)
    post0 = jnp.where(alpha > 0, jax.nn.softmax(log_cs, axis=1), single)
    post = jnp.where(alpha > 0, jax.nn.softmax(log_all.ravel()).reshape(M, K), single / M)
    v = jnp.sum(post0 * p_us) / M
    posterior = jnp.mean(post / jnp.sum(post, axis=1, keepdims=True), axis=0)
    if M == 1:
        rows, cols = jnp.zeros(1, jnp.int32), jnp.argmax(post, axis=1)
    else:
        flat = jax.random.categorical(key, jnp.log(post.ravel()), shape=(M,))
        rows, cols = flat // K, flat % K
        Nk, n, m = Nk[rows], n[rows], m[rows]
    hot = jax.nn.one_hot(cols, K)
    new_state = {"Nk": Nk + hot, "n": n + hot[..., None] * x, "m": m + hot[..., None] * (1 - x),
                 "z": cols.astype(jnp.int32)}
    return new_state, (v, posterior, jnp.mean(post0, axis=0))


@dataclass(frozen=True)
class LcmResult:
    """Output of :func:`infer`: ``v`` (T) US predictions, ``posterior`` (T × K) cause posterior
    after the trial's features (averaged over particles)."""

    v: np.ndarray
    posterior: np.ndarray


@partial(jax.jit, static_argnames=("max_causes", "particles"))
def infer_arrays(x, alpha, a, b, stickiness, key, max_causes: int = 10, particles: int = 1):
    """Jitted core of :func:`infer` (vmap it over subjects or α). Returns (V (T,), posterior (T, K))."""
    T, D = x.shape
    keys = jax.random.split(key, T)

    def body(s, inp):
        xt, kt = inp
        return trial(s, xt, alpha, a, b, stickiness, kt)

    _, (v, post, _) = jax.lax.scan(body, init_state(D, max_causes, particles), (x, keys))
    return v, post


@jax.enable_x64(True)
def infer(features, alpha=1.0, a=1.0, b=1.0, stickiness=0.0, max_causes=10, particles=1,
          seed=None) -> LcmResult:
    """Latent cause inference on a T × D binary feature matrix (column 0 = US).

    Parameters
    ----------
    features : array (T, D)
        Binary features; column 0 is the US, the others CSs and context cues.
    alpha : float
        CRP concentration α ≥ 0 (0: a single cause).
    a, b : float
        Beta prior hyperparameters.
    stickiness : float
        Extra prior weight on the previous trial's cause.
    max_causes : int
        Cause slots K.
    particles : int
        1 = local MAP (deterministic); more = particle filter seeded by ``seed`` (default 0).

    Returns
    -------
    LcmResult
        Computed in 64-bit precision (the parity with the published code is to 1e-6).
    """
    x = np.asarray(features, float)
    if x.ndim != 2 or x.shape[1] < 1:
        raise RemissionError(f"features must be a T × D matrix (column 0 = US); got shape {x.shape}")
    if not np.all((x == 0) | (x == 1)):
        bad = x[(x != 0) & (x != 1)][0]
        raise RemissionError(f"features must be binary (0/1); found {bad!r}")
    if alpha < 0 or int(particles) < 1 or int(max_causes) < 1:
        raise RemissionError(f"need alpha >= 0, particles >= 1, max_causes >= 1; got alpha={alpha}, "
                             f"particles={particles}, max_causes={max_causes}")
    key = jax.random.PRNGKey(0 if seed is None else int(seed))
    v, post = infer_arrays(jnp.asarray(x), *(jnp.asarray(float(q)) for q in (alpha, a, b, stickiness)),
                           key, max_causes=int(max_causes), particles=int(particles))
    return LcmResult(v=np.asarray(v), posterior=np.asarray(post))

