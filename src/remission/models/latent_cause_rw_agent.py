"""The latent-cause-modulated RW model (Gershman et al. 2017, eLife 6:e23763) as an engine agent.

Registered as ``latent_cause_rw`` (``remission.models.latent_cause_rw.MODEL``). It calls the very
functions of :mod:`remission.models.latent_cause_rw` (prior/likelihood, prediction, EM,
assignment); see that module for the equations.

Learning trials
    A Pavlovian step is a trial with x = (cues, one-hot context) and r = the US; a protocol's only
    context is left out (unobserved: x = 0 and no likelihood term) of Pavlovian trials with cues,
    as in the paper's designs (X = CSs alone). Operant trials always observe the context. An operant step is a
    trial when the drug lever is pressed and either a dose is delivered (r = 1) or the lever brings
    no drug in this phase (extinction, r = 0); presses that earn nothing because of a time-out or an
    unfinished ratio are not trials. The alternative and inactive levers are not learned about.
Time
    Model time advances 1 unit per trial within a session and by
    :func:`remission.models.latent_cause_time.units` of the real time since the previous trial when
    a session boundary lies between them (10 min → 4, 1 h → 6, 6 h → 11, 1 day → 21, 30 days → 201).
EM sweeps
    nIter of trial t depends on the time of the *next* trial, which an online agent cannot know,
    so trial t's EM and assignment are completed at the next trial (or, for the read-outs, at each
    step, tentatively); the result equals :func:`~remission.models.latent_cause_rw.infer` on the
    same trials, times and parameters.
Temporal prior over long protocols
    The prior Σ_{t′ on k} (τ − τ_t′)^(−g) (Gershman et al. 2017, eLife 6:e23763) is exact over
    the most recent ``HISTORY`` = 32 trials. Older trials are summarised per cause by a
    sum-of-exponentials kernel, d^(−g) ≈ c₀(g) + Σ_j c_j(g) e^(−s_j d), the trapezoidal rule on
    t^(−g) = (1/Γ(g)) ∫ s^(g−1) e^(−st) ds with log-spaced rates s_j from 1e-9 to 20 (step 0.7 in
    log s, J = 34; Beylkin & Monzón 2010, Appl. Comput. Harmon. Anal. 28:131; McLean 2018,
    "Exponential sum approximations for t^(−β)"), kept as decaying accumulators updated when a trial
    leaves the history: O(K·J) per step, not a sum over past trials. Summarised trials are ≥ 16
    units old (trials are ≥ 0.5 apart). Relative error of the kernel for d in [4, 1e7] (measured on a
    grid): ≤ 3e-4 for g ≤ 2, ≤ 4e-3 at g = 5 (the upper bound of g); the prior is a sum of positive
    terms, so its relative error is bounded by the same figures
    (``tests/test_latent_cause_rw.py``: 3,600 trials over 10 daily sessions, measured 6e-8 (g=0.05),
    6e-6 (g=1), 6e-5 (g=2), 2.3e-3 (g=5)). Designs of ≤ 32 trials are exact (the agent equals
    :func:`~remission.models.latent_cause_rw.infer` to 1e-12 in float64; the registered agent
    simulates in float32, ``sim_dtype``, where its CRs differ from ``infer``'s by ≤ 2e-7).
Interventions
    ``amnestic`` (ψ) applies to the trial at the first step of its phase (e.g. after a retrieval
    trial); ``prime`` (a non-contingent US/drug dose) is a US-alone trial (context only, r = 1)
    just before the step (1 unit, or half the interval since the previous trial if shorter).
Choice
    p(action) = softmax(β Q) with lapse, Q = (0, drug_value·V − press_cost, −press_cost,
    −press_cost) for (none, drug, alternative, inactive), V the predicted outcome.
Read-outs
    ``value`` V, ``response`` CR = 1 − Φ((θ − V)/λ), ``p_acquisition`` (posterior of the cause of
    the last reinforced trial), ``n_causes``, and the erasure decomposition against that cause's
    weights after its last reinforced trial: ``suppression`` S, ``modification`` M,
    ``new_causes`` S − M, ``modification_share`` M⁺/(M⁺ + (S − M)⁺) (0 without suppression).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from remission.models import latent_cause_rw as core
from remission.models import register
from remission.models.base import CHOICE_PARAMS, VALUE_PARAMS, Model, choice_probabilities
from remission.models.latent_cause_time import units
from remission.params import ParamSpec

MAX_CAUSES = 15
HISTORY = 32
"""Trials kept individually (exact kernel) for the temporal prior; older ones are summarised per
cause by the sum-of-exponentials kernel (:func:`remission.models.latent_cause_rw.soe_weights`)."""
MAX_ITER = 3

PARAMS = (
    ParamSpec("alpha", 0.1, 1e-6, 10.0, doc="concentration α (new-cause propensity)"),
    ParamSpec("g", 1.0, 0.05, 5.0, doc="power-law temporal kernel exponent"),
    ParamSpec("eta", 0.3, 0.0, 1.0, doc="learning rate η"),
    ParamSpec("sr", 0.4, 0.01, 10.0, doc="US variance σ_r²", fit=False),
    ParamSpec("sx", 1.0, 0.01, 10.0, doc="stimulus variance σ_x²", fit=False),
    ParamSpec("theta", 0.02, 0.0, 1.0, doc="response threshold θ", fit=False),
    ParamSpec("lam", 0.01, 1e-4, 1.0, doc="response gain λ", fit=False),
    ParamSpec("w0", 0.0, -1.0, 1.0, doc="initial weight", fit=False),
) + CHOICE_PARAMS + tuple(p for p in VALUE_PARAMS if p.name in ("drug_value", "press_cost"))


def _x(obs):
    """Stimulus (cues, one-hot context) and which features are observed on this step.

    A protocol's only context is left out of Pavlovian trials that have cues (the paper's designs
    use X = CSs alone); operant trials always see it (the box is the drug-predicting stimulus).
    """
    n_cues, n_ctx = obs["cues"].shape[0], obs["context"].shape[0]
    see_ctx = jnp.asarray(n_ctx > 1 or n_cues == 0) | ~obs["pavlovian"]
    observed = jnp.concatenate([jnp.ones(n_cues), jnp.full(n_ctx, 1.0) * see_ctx])
    return jnp.concatenate([obs["cues"], obs["context"]]) * observed, observed


def init(params, dims):
    D = dims.n_cues + dims.n_contexts
    return {
        "mem": core.init_state(D, MAX_CAUSES, HISTORY, params["w0"], summarise=True, g=params["g"]),
        "pend": {"on": jnp.zeros((), bool), "ref": jnp.zeros((), bool), "x": jnp.zeros(D),
                 "r": jnp.zeros(()), "logL": jnp.zeros(MAX_CAUSES), "tau": jnp.zeros(()),
                 "psi": jnp.zeros(())},
        "tau": jnp.zeros(()), "minutes": jnp.zeros(()), "crossed": jnp.zeros((), bool),
        "started": jnp.zeros((), bool),
        "ref_k": jnp.zeros((), jnp.int32), "ref_w": jnp.zeros(D), "ref_on": jnp.zeros((), bool),
    }


def _finish(params, s, tau_next):
    """Complete the pending trial (EM with nIter from ``tau_next``, then assignment)."""
    p = s["pend"]
    n_iter = core.n_iterations(tau_next - p["tau"], MAX_ITER)
    W, post = core.em(s["mem"]["W"], p["logL"], p["x"], p["r"], n_iter, params["eta"], p["psi"],
                      params["sr"], MAX_ITER)
    mem, z = core.assign(s["mem"], W, post, p["x"], p["tau"])
    rec = p["on"] & p["ref"] & (p["r"] > 0)
    out = {**s, "mem": mem, "pend": {**p, "on": jnp.zeros((), bool)},
           "ref_k": jnp.where(rec, z, s["ref_k"]).astype(jnp.int32),
           "ref_w": jnp.where(rec, _column(W, z), s["ref_w"]), "ref_on": s["ref_on"] | rec}
    return _select(p["on"], out, s)


def _begin(params, s, xo, r, tau, psi, ref=True, logL=None):
    """Start a trial: its log prior × likelihood now (``logL`` where already computed), its EM
    and assignment at the next trial."""
    x, seen = xo
    if logL is None:
        logL = core.log_prior_likelihood(s["mem"], x, tau, params["alpha"], params["g"], params["sx"], seen)
    pend = {"on": jnp.ones((), bool), "ref": jnp.asarray(ref), "x": x, "r": r,
            "logL": logL, "tau": tau, "psi": psi}
    return {**s, "pend": pend}, logL


def _column(W, k):
    """W[:, k] as a one-hot masked sum (a gather is a slow batched kernel under vmap)."""
    return jnp.sum(jnp.where(jnp.arange(W.shape[1]) == k, W, 0.0), axis=1)


def _select(cond, a, b):
    return jax.tree_util.tree_map(lambda u, v: jnp.where(cond, u, v), a, b)


def _settle(params, state, obs):
    """Tentative trial time now; finish the pending trial; apply a prime (US-alone trial)."""
    crossed = state["crossed"] | obs["session_start"]
    elapsed = obs["time"] - state["minutes"]
    step = jnp.where(crossed, units(elapsed), 1.0)
    tau = jnp.where(state["started"], state["tau"] + step, 0.0)
    prime = obs["prime"] > 0
    tau_prime = tau - jnp.minimum(1.0, 0.5 * step)
    s = _finish(params, state, jnp.where(prime, tau_prime, tau))

    def primed(s):
        x, seen = _x(obs)
        xp = (x.at[: obs["cues"].shape[0]].set(0.0), seen)
        out, _ = _begin(params, s, xp, jnp.ones(()), tau_prime, jnp.zeros(()), ref=False)
        out = _finish(params, out, tau)
        out = {**out, "tau": tau_prime, "minutes": obs["time"], "crossed": jnp.zeros((), bool)}
        return _select(state["started"], out, s)

    # The protocol's prime is the same for every subject (obs is not vmapped), so this is a real
    # branch in the engine: the prime trial costs nothing on the steps without one.
    s = jax.lax.cond(prime, primed, lambda s: s, s)
    return s, tau, crossed, prime & state["started"]


def prepare(params, state, obs):
    """The step's shared work (``Model.prepare``, computed once for policy and update): the
    tentative trial time, the pending trial finished (tentatively: kept only if a trial or a
    prime follows), the prime, and the log prior × likelihood of the step's stimulus."""
    s, tau, crossed, primed = _settle(params, state, obs)
    x, seen = _x(obs)
    logL = core.log_prior_likelihood(s["mem"], x, tau, params["alpha"], params["g"], params["sx"], seen)
    return {"state": state, "settled": s, "tau": tau, "crossed": crossed, "primed": primed,
            "logL": logL}


def policy(params, ready, obs):
    s, tau, logL = ready["settled"], ready["tau"], ready["logL"]
    x, _ = _x(obs)
    post, v, cr = core.predict(s["mem"], logL, x, params["theta"], params["lam"])
    W = s["mem"]["W"]
    q_drug = params["drug_value"] * v - params["press_cost"]
    q = jnp.stack([0.0, q_drug, -params["press_cost"], -params["press_cost"]])
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"])
    peak = jnp.sum(x * s["ref_w"])
    S = jnp.where(s["ref_on"], peak - v, 0.0)
    M = jnp.where(s["ref_on"], peak - jnp.sum(x * _column(W, s["ref_k"])), 0.0)
    m, n = jnp.maximum(M, 0.0), jnp.maximum(S - M, 0.0)
    return probs, {
        "value": v, "response": cr, "p_acquisition": jnp.where(s["ref_on"], jnp.sum(post * (jnp.arange(MAX_CAUSES) == s["ref_k"])), 0.0),
        "n_causes": jnp.sum(s["mem"]["N"] > 0).astype(v.dtype), "suppression": S,
        "modification": M, "new_causes": S - M, "modification_share": m / jnp.maximum(m + n, 1e-12),
        "model_time": tau,
    }


def update(params, ready, obs, action, outcome):
    state, s, tau = ready["state"], ready["settled"], ready["tau"]
    pressed = (action == 1) & ~obs["pavlovian"] & outcome["completed"]
    is_trial = obs["pavlovian"] | pressed
    r = jnp.where(obs["pavlovian"], obs["us"], (outcome["drug"] > 0).astype(obs["us"].dtype))
    begun, _ = _begin(params, s, _x(obs), r, tau, obs["amnestic"], logL=ready["logL"])
    begun = {**begun, "tau": tau, "minutes": obs["time"], "crossed": jnp.zeros((), bool),
             "started": jnp.ones((), bool)}
    idle = _select(ready["primed"], s, {**state, "crossed": ready["crossed"]})
    return _select(is_trial, begun, idle), {"trial": is_trial.astype(obs["us"].dtype)}


MODEL = Model(
    name="latent_cause_rw",
    citation="Gershman, Monfils, Norman & Niv 2017, eLife 6:e23763",
    summary="latent-cause-modulated RW: old memories modified or new causes inferred",
    params=PARAMS,
    init=init,
    prepare=prepare,
    policy=policy,
    update=update,
    readouts=("value", "response", "p_acquisition", "n_causes", "suppression", "modification",
              "new_causes", "modification_share", "model_time", "trial"),
    doc=__doc__,
    # float32 simulation is 2.2-2.4x faster on CPU (1.1-1.2 M against 0.45-0.55 M subject-steps/s,
    # 2,000 subjects on the bench protocol, same-session A/B); infer() and fits stay float64.
    sim_dtype="float32",
    mechanism="mixed",
    perceives=frozenset({"context", "cues", "us", "drug", "time", "prime", "amnestic"}),
)
register(MODEL)
