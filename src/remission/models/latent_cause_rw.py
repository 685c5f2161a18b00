"""Latent-cause-modulated Rescorla–Wagner model: "memory modification" (docs/MODELS.md §5).

Gershman, S. J., Monfils, M.-H., Norman, K. A. & Niv, Y. (2017). The computational nature of
memory modification. *eLife* 6:e23763. Matrix-level :func:`infer` reproduces the published local-MAP
implementation (``imm_localmap.m``) to 1e-6; the engine agent is in
:mod:`remission.models.latent_cause_rw_agent` and calls the very same per-trial functions.

Each trial t with stimulus x_t (D intensities), US r_t and time τ_t (model units):

1. nIter_t = min(maxIter, round(τ_{t+1} − τ_t)) (1 on the last trial).
2. Prior (distance-dependent CRP): prior_k = Σ_{t′<t, z_t′=k} (τ_t − τ_t′)^(−g); the first cause
   with no trials gets α_t.
3. Likelihood: x̂_{k,d} = Σ_{t′ on k} x_{t′,d} / (N_k + σ_x²), ν_k = σ_x²/(N_k + σ_x²) + σ_x²,
   L_k = prior_k Π_d N(x_{t,d}; x̂_{k,d}, √ν_k).
4. Before feedback: V_t = Σ_k (x_t·w_k) L_k / Σ L; CR_t = 1 − Φ((θ − V_t)/λ).
5. EM, nIter_t times: q_k ∝ L_k N(r_t; x_t·w_k, √σ_r²); w_k ← w_k + η_t x_t (r_t − x_t·w_k) q_k;
   if ψ_t > 0: w_k ← w_k (1 − q_k) ψ_t (amnestic agent, exactly as published).
6. z_t = argmax_k q_k (first on ties); if nIter_t = 0 the pre-feedback posterior is used.

Numerics: the prior and likelihood are combined in log space (no underflow with many causes,
long gaps or α near 0); at the first trial the new cause gets prior 1 whatever α is (the α → 0
limit; the published code gives 0/0 there for α = 0); distances are clamped to ≥ 1e-9 units.
:func:`infer` sums the kernel over every past trial (exact). The engine agent keeps 32 trials
exactly and summarises older ones with the sum-of-exponentials kernel of :func:`soe_weights`
(relative error of the prior ≤ 3e-4 for g ≤ 2, ≤ 4e-3 at g = 5; see the agent module).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.special import logsumexp
from jax.scipy.stats import norm

from remission.errors import RemissionError

DEFAULTS = dict(alpha=0.1, g=1.0, eta=0.3, max_iter=3, w0=0.0, sr=0.4, sx=1.0, theta=0.02,
                lam=0.01, max_causes=15)
_MIN_DIST = 1e-9


#: Sum-of-exponentials kernel (agent only): rates s_j = exp(u_j), u_j = log(1e-9) + j h, up to 20.
SOE_STEP = 0.7
SOE_RATES = np.exp(np.arange(np.log(1e-9), np.log(20.0) + 1e-9, SOE_STEP))


def init_state(n_features: int, max_causes: int, history: int, w0=0.0, summarise: bool = False,
               g=None):
    """Empty memory: no causes, weights ``w0`` (D × K), an empty trial history of ``history`` slots.

    Without ``summarise`` the history must hold every trial (:func:`infer`: ``history`` = T), so
    the prior is the exact sum. With ``summarise`` (the engine agent) a trial that falls out of the
    full history is added to per-cause decaying accumulators ``soe_a`` (J × K, referred to time
    ``soe_t``) and a count ``old_n`` (K); :func:`log_prior_likelihood` reads them with
    :func:`soe_weights` (the sum-of-exponentials approximation of the power-law kernel), whose
    coefficients for the temporal exponent ``g`` (required with ``summarise``) are computed here
    once (:func:`soe_coefficients`): Γ(g) is then not re-evaluated at every step.
    """
    K = max_causes
    state = {
        "W": jnp.full((n_features, K), 1.0) * w0,
        "N": jnp.zeros(K),
        "xsum": jnp.zeros((n_features, K)),
        "hist_t": jnp.zeros(history),
        "hist_z": jnp.full(history, -1, jnp.int32),
        "n_trials": jnp.zeros((), jnp.int32),
    }
    if summarise:
        if g is None:
            raise ValueError("init_state(summarise=True) needs the temporal exponent g")
        log_c, log_c0 = soe_coefficients(jnp.asarray(g, float))
        state.update(soe_a=jnp.zeros((len(SOE_RATES), K)), soe_t=jnp.zeros(()), old_n=jnp.zeros(K),
                     soe_log_c=log_c, soe_log_c0=log_c0)
    return state


def soe_coefficients(g):
    """``(log c_j(g), log c₀(g))`` of the sum-of-exponentials kernel: d^(−g) ≈ c₀ + Σ_j c_j e^(−s_j d).

    From t^(−g) = (1/Γ(g)) ∫ e^(g u − e^u t) du (s = e^u), discretised by the trapezoidal rule on
    the log-spaced rates :data:`SOE_RATES` (step h = :data:`SOE_STEP`; Beylkin & Monzón 2010, Appl.
    Comput. Harmon. Anal. 28:131; McLean 2018, "Exponential sum approximations for t^(−β)"):
    c_j = h e^(g u_j)/Γ(g). The nodes below the slowest rate s₀ are kept as one constant term
    c₀ = h s₀^g e^(−gh)/((1 − e^(−gh)) Γ(g)) (their e^(−s_j d) ≈ 1).
    """
    u = jnp.log(jnp.asarray(SOE_RATES, dtype=jnp.result_type(g, float)))
    lg = jax.scipy.special.gammaln(g)
    log_c = np.log(SOE_STEP) + g * u - lg
    log_c0 = np.log(SOE_STEP) + g * u[0] - lg - g * SOE_STEP - jnp.log1p(-jnp.exp(-g * SOE_STEP))
    return log_c, log_c0


def soe_weights(coefficients, dt):
    """``(c_j e^(−s_j dt), c₀)``: the kernel's weights for accumulators referred to ``dt`` before
    now, from the ``coefficients`` of :func:`soe_coefficients`."""
    log_c, log_c0 = coefficients
    return jnp.exp(log_c - jnp.asarray(SOE_RATES, log_c.dtype) * dt), jnp.exp(log_c0)


def log_prior_likelihood(state, x, tau, alpha, g, sx, observed=None):
    """Steps 2–3: log L_k (prior × stimulus likelihood), -inf for unusable causes.

    ``observed`` (D, optional 0/1) leaves unobserved features out of the product (used by the agent).
    """
    K = state["N"].shape[0]
    dist = jnp.maximum(tau - state["hist_t"], _MIN_DIST)
    kern = jnp.where(state["hist_z"] >= 0, jnp.exp(-g * jnp.log(dist)), 0.0)
    prior = jnp.sum(kern[:, None] * (state["hist_z"][:, None] == jnp.arange(K)), axis=0)
    if "soe_a" in state:  # trials summarised out of the history (engine agent)
        w, c0 = soe_weights((state["soe_log_c"], state["soe_log_c0"]), tau - state["soe_t"])
        prior = prior + jnp.sum(w[:, None] * state["soe_a"], axis=0) + c0 * state["old_n"]
    empty = state["N"] == 0
    first_new = jnp.any(empty) & (jnp.arange(K) == jnp.argmax(empty))
    log_new = jnp.where(state["n_trials"] > 0, jnp.log(alpha), 0.0)
    logp = jnp.where(first_new, log_new, jnp.where(prior > 0, jnp.log(prior), -jnp.inf))
    N = state["N"]
    xhat = state["xsum"] / (N + sx)
    sd = jnp.sqrt(sx / (N + sx) + sx)
    loglik = norm.logpdf(x[:, None], xhat, sd[None, :])
    if observed is not None:
        loglik = loglik * observed[:, None]
    return logp + jnp.sum(loglik, axis=0)


def predict(state, logL, x, theta, lam):
    """Step 4: pre-feedback posterior, V_t and the CR read-out."""
    post = jax.nn.softmax(logL)
    v = jnp.sum(_dot(x, state["W"]) * post)
    return post, v, norm.cdf((v - theta) / lam)


def _dot(x, W):
    """x · w_k for every cause (elementwise: tiny batched matmuls are slow on CPU under vmap)."""
    return jnp.sum(x[:, None] * W, axis=0)


def em(W, logL, x, r, n_iter, eta, psi, sr, max_iter: int):
    """Step 5: ``n_iter`` (≤ ``max_iter``, static) EM sweeps; returns weights and last posterior."""
    post = jax.nn.softmax(logL)
    for i in range(max_iter):
        V = _dot(x, W)
        q = jax.nn.softmax(logL + norm.logpdf(r, V, jnp.sqrt(sr)))
        Wn = W + eta * x[:, None] * ((r - V) * q)[None, :]
        Wn = jnp.where(psi > 0, Wn * (1.0 - q)[None, :] * psi, Wn)
        on = i < n_iter
        W, post = jnp.where(on, Wn, W), jnp.where(on, q, post)
    return W, post


def assign(state, W, post, x, tau):
    """Step 6: MAP assignment; counts, feature sums and history grow.

    When the history is full its oldest trial (time t′, cause k′) moves to the summary (only
    states made with ``summarise``): A_{j,k} ← A_{j,k} e^(−s_j (τ − t_A)) + [k = k′] e^(−s_j (τ − t′)),
    t_A ← τ, n_old,k′ += 1.
    """
    K, H = state["N"].shape[0], state["hist_t"].shape[0]
    z = jnp.argmax(post)
    onehot = jax.nn.one_hot(z, K)
    at = jnp.arange(H) == state["n_trials"] % H  # elementwise, not scatter/gather (fast under vmap)
    new = {
        "W": W,
        "N": state["N"] + onehot,
        "xsum": state["xsum"] + x[:, None] * onehot[None, :],
        "hist_t": jnp.where(at, tau, state["hist_t"]),
        "hist_z": jnp.where(at, z.astype(jnp.int32), state["hist_z"]),
        "n_trials": state["n_trials"] + 1,
    }
    if "soe_a" in state:
        gone_z = jnp.sum(jnp.where(at, state["hist_z"], 0))  # -1: slot was empty
        gone_t = jnp.sum(jnp.where(at, state["hist_t"], 0.0))
        gone = jax.nn.one_hot(gone_z, K) * (gone_z >= 0)
        rates = jnp.asarray(SOE_RATES, dtype=state["soe_a"].dtype)[:, None]
        new.update(soe_a=state["soe_a"] * jnp.exp(-rates * (tau - state["soe_t"]))
                   + gone[None, :] * jnp.exp(-rates * (tau - gone_t)),
                   soe_t=jnp.asarray(tau, state["soe_t"].dtype), old_n=state["old_n"] + gone,
                   soe_log_c=state["soe_log_c"], soe_log_c0=state["soe_log_c0"])
    return new, z


def n_iterations(gap, max_iter):
    """nIter = min(maxIter, round(gap)), MATLAB rounding (halves away from zero)."""
    return jnp.minimum(max_iter, jnp.floor(jnp.maximum(gap, 0.0) + 0.5)).astype(jnp.int32)


def trial(state, x, r, tau, n_iter, alpha, eta, psi, p, max_iter: int):
    """One whole trial (steps 2–6); ``p`` holds g, sx, sr, theta, lam. Returns (state, outputs)."""
    logL = log_prior_likelihood(state, x, tau, alpha, p["g"], p["sx"])
    post0, v, cr = predict(state, logL, x, p["theta"], p["lam"])
    W, post = em(state["W"], logL, x, r, n_iter, eta, psi, p["sr"], max_iter)
    new, z = assign(state, W, post, x, tau)
    return new, {"cr": cr, "v": v, "posterior": post0, "posterior_feedback": post,
                 "assignments": z, "weights": W}


@dataclass(frozen=True)
class LcrwResult:
    """Output of :func:`infer` (arrays over trials T, features D, causes K).

    ``cr`` (T) response read-out, ``v`` (T) US prediction before feedback, ``posterior`` (T × K)
    before feedback, ``posterior_feedback`` (T × K) after the last EM sweep, ``assignments`` (T)
    MAP cause, ``weights`` (T × D × K) after each trial; ``x``, ``r``, ``times`` the inputs.
    """

    cr: np.ndarray
    v: np.ndarray
    posterior: np.ndarray
    posterior_feedback: np.ndarray
    assignments: np.ndarray
    weights: np.ndarray
    x: np.ndarray
    r: np.ndarray
    times: np.ndarray


@partial(jax.jit, static_argnames=("max_iter", "max_causes"))
def infer_arrays(x, r, times, alpha, eta, psi, p, max_iter: int, max_causes: int, w0=0.0):
    """Jitted core of :func:`infer` for arrays (vmap it over subjects); ``alpha``/``eta``/``psi`` are (T,)."""
    T, D = x.shape
    gaps = jnp.concatenate([times[1:] - times[:-1], jnp.ones(1)])
    n_iter = n_iterations(gaps, max_iter).at[-1].set(1)
    state = init_state(D, max_causes, T, w0)

    def body(s, inp):
        return trial(s, *inp, p, max_iter)

    _, out = jax.lax.scan(body, state, (x, r, times, n_iter, alpha, eta, psi))
    return out


@jax.enable_x64(True)
def infer(x, r, times, alpha=0.1, g=1.0, eta=0.3, max_iter=3, w0=0.0, sr=0.4, sx=1.0, theta=0.02,
          lam=0.01, max_causes=15, psi=None) -> LcrwResult:
    """Run the latent-cause-modulated RW model (local MAP) on one design.

    Parameters
    ----------
    x : array (T, D) or (T,)
        Stimulus intensities per trial (CSs, contexts).
    r : array (T,)
        US per trial.
    times : array (T,)
        Time stamps in model units (trials of a phase 1 apart; see docs/MODELS.md §5).
    alpha, eta, psi : float or array (T,)
        Concentration, learning rate and amnestic-agent strength (0 = none), scalar or per trial.
    g, max_iter, w0, sr, sx, theta, lam, max_causes
        Temporal kernel exponent, EM sweeps, initial weight, US and stimulus variances σ_r², σ_x²,
        response threshold θ and gain λ, number of cause slots K.

    Returns
    -------
    LcrwResult
        Computed in 64-bit precision (the parity with the published code is to 1e-6).
    """
    x = np.asarray(x, float)
    x = x[:, None] if x.ndim == 1 else x
    T = x.shape[0]
    r, times = np.asarray(r, float), np.asarray(times, float)
    if r.shape != (T,) or times.shape != (T,):
        raise RemissionError(f"r and times must have one value per trial ({T}); got shapes "
                             f"{r.shape} and {times.shape}")
    if np.any(np.diff(times) < 0):
        raise RemissionError("times must be non-decreasing")
    per = {n: _per_trial(n, v, T) for n, v in (("alpha", alpha), ("eta", eta),
                                                ("psi", 0.0 if psi is None else psi))}
    p = {"g": g, "sx": sx, "sr": sr, "theta": theta, "lam": lam}
    out = infer_arrays(jnp.asarray(x), jnp.asarray(r), jnp.asarray(times), *per.values(),
                       {k: jnp.asarray(float(v)) for k, v in p.items()}, int(max_iter),
                       int(max_causes), float(w0))
    out = {k: np.asarray(v) for k, v in out.items()}
    return LcrwResult(x=x, r=r, times=times, **out)


def _per_trial(name, value, T):
    arr = np.broadcast_to(np.asarray(value, float), (T,)) if np.ndim(value) == 0 else np.asarray(value, float)
    if arr.shape != (T,):
        raise RemissionError(f"{name} must be a scalar or one value per trial ({T}); got shape {arr.shape}")
    return jnp.asarray(arr)


def erasure_readout(result: LcrwResult, end=None, acquisition=None) -> dict:
    """How much of the suppression at the end of extinction is modification of the old memory.

    With k_a the cause of trial ``acquisition`` (default: the last reinforced trial before
    ``end``; default ``end`` = T − 2, the last trial before a final test), x = x_end, w_a⁰ its
    weights after ``acquisition`` and p, w at ``end`` (posterior before feedback, weights before
    the trial)::

        suppression  S = x·w_a⁰ − Σ_k p_k x·w_k
        modification M = x·w_a⁰ − x·w_a      (the acquisition cause's own weights changed)
        new causes   S − M = (1 − p_a) x·w_a − Σ_{k≠a} p_k x·w_k

    Returns a dict with those three and ``modification_share`` = max(M,0)/(max(M,0)+max(S−M,0))
    (NaN when there is no suppression).
    """
    T = len(result.r)
    end = T - 2 if end is None else int(end)
    if acquisition is None:
        reinforced = np.flatnonzero(result.r[:end] > 0)
        if len(reinforced) == 0:
            raise RemissionError("erasure_readout: no reinforced trial before `end`; give `acquisition`")
        acquisition = int(reinforced[-1])
    k = int(result.assignments[acquisition])
    x = result.x[end]
    w_before = result.weights[end - 1] if end > 0 else np.zeros_like(result.weights[0])
    peak = x @ result.weights[acquisition][:, k]
    now = (x @ w_before) @ result.posterior[end]
    S = peak - now
    M = peak - x @ w_before[:, k]
    m, n = max(M, 0.0), max(S - M, 0.0)
    return {"acquisition_cause": k, "suppression": float(S), "modification": float(M),
            "new_causes": float(S - M), "modification_share": m / (m + n) if m + n > 0 else float("nan")}

