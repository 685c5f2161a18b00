"""TD learning with situation recognition and state splitting (docs/MODELS.md §3, §7).

Redish, A. D., Jensen, S., Johnson, A. & Kurth-Nelson, Z. (2007). Reconciling reinforcement
learning models with behavioral extinction and renewal: implications for addiction, relapse, and
problem gambling. *Psychological Review* 114, 784–805.

The agent holds at most ``K = MAX_SITUATIONS`` situations (a fixed size with an ``active`` mask, so
the model compiles once). Situation k has a prototype p_k over the stimulus vector s (one-hot
context, then cues), action values Q_k (none, drug, alternative, inactive) and a Pavlovian value V_k.

Situation recognition (soft, deterministic)::

    score_k = −‖s − p_k‖² / (2 σ²) + b · [k = current] · e^{−Δt / τ_b}     (active k only)
    w = softmax(score)                                            σ: recognition noise

Values are recognition-weighted: Q(a) = Σ_k w_k Q_k(a), V = Σ_k w_k V_k; choice is a softmax with
lapse over Q, not responding valued at Q(none) + ``rest``. TD learning of the chosen
action (semi-Markov, one step to the outcome, discount γ per second of delay) and of Pavlovian
trials::

    δ = γ^d u − Q(a);   Q_k(a) ← Q_k(a) + η w_k δ;   p_k ← p_k + κ w_k (s − p_k)

where u = reward + drug_value · dose − shock_cost · shock − press_cost (for drug deliveries with the
non-compensable floor of Redish 2004, δ ≥ surge · dose); presses that complete no schedule
requirement (ratio, time-out) are not learning events. The agent tracks an exponentially weighted
average of δ, δ̄ ← δ̄ + (δ − δ̄)/τ_δ on learning steps. When δ̄ < −θ (persistent negative surprise,
as in extinction) and a slot is free, a new situation is created: prototype s, values copied from
the recognised mixture, δ̄ reset to 0. Further learning accrues to the new situation, leaving the
old one intact: returning to the training context re-recognises it (renewal), and reinforcement
there is learned quickly (rapid reacquisition). Under partial reinforcement δ̄ is less negative in
extinction, so splitting is slower (partial reinforcement extinction effect).
"""

from __future__ import annotations

import jax.numpy as jnp

from remission.models import register
from remission.models.base import CHOICE_PARAMS, REST, VALUE_PARAMS, Model, choice_probabilities, outcome_utility
from remission.params import ParamSpec

MAX_SITUATIONS = 8
"""Fixed maximum number of situations K."""

PARAMS = (
    ParamSpec("eta", 0.1, 0.0, 1.0, doc="learning rate η"),
    ParamSpec("gamma", 0.99, 0.0, 1.0, doc="discount per second of delay γ", fit=False),
    ParamSpec("surge", 0.05, 0.0, 10.0, doc="non-compensable drug signal per unit dose"),
    ParamSpec("tau_delta", 20.0, 1.0, 1e4, doc="time constant τ_δ of the δ average (steps)"),
    ParamSpec("threshold", 0.2, 0.0, 10.0, doc="split when mean δ < −threshold"),
    ParamSpec("noise", 0.3, 1e-3, 10.0, doc="recognition noise σ"),
    ParamSpec("stickiness", 2.0, 0.0, 50.0, doc="bonus b of the current situation"),
    ParamSpec("stick_tau", 14400.0, 1.0, 1e7, doc="decay τ_b of the bonus (min)",
              fit=False),
    ParamSpec("proto_rate", 0.05, 0.0, 1.0, doc="prototype learning rate κ", fit=False),
) + CHOICE_PARAMS + (REST,) + VALUE_PARAMS


def init(params, dims):
    K, n = MAX_SITUATIONS, dims.n_contexts + dims.n_cues
    return {
        "proto": jnp.zeros((K, n)), "active": jnp.zeros(K, bool).at[0].set(True),
        "fresh": jnp.ones(()), "q": jnp.zeros((K, dims.n_actions)), "v": jnp.zeros(K),
        "current": jnp.zeros((), jnp.int32), "since": jnp.zeros(()), "dbar": jnp.zeros(()),
        "n_situations": jnp.ones(()),
    }


def _recognise(params, state, obs):
    s = jnp.concatenate([obs["context"], obs["cues"]])
    # the first situation takes the first stimuli it meets as its prototype
    proto = jnp.where(state["fresh"] > 0, state["proto"].at[0].set(s), state["proto"])
    dist = jnp.sum((proto - s) ** 2, axis=1)
    since = state["since"] + obs["dt"]
    bonus = params["stickiness"] * jnp.exp(-since / params["stick_tau"])
    score = -dist / (2 * params["noise"] ** 2) + bonus * (jnp.arange(MAX_SITUATIONS) == state["current"])
    score = jnp.where(state["active"], score, -jnp.inf)
    w = jnp.exp(score - jnp.max(score))
    return s, proto, w / jnp.sum(w)


def policy(params, state, obs):
    _, _, w = _recognise(params, state, obs)
    q = w @ state["q"]
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"], params["rest"])
    v = w @ state["v"]
    return probs, {"value": v, "response": v, "q_drug": q[1], "q_alternative": q[2],
                   "situation": jnp.argmax(w).astype(v.dtype)}


def update(params, state, obs, action, outcome):
    s, proto, w = _recognise(params, state, obs)
    pav = obs["pavlovian"]
    v = w @ state["v"]
    delta_pav = obs["us"] - v
    u = outcome_utility(outcome, params) * params["gamma"] ** (outcome["delay"] * 60.0)
    q_a = w @ state["q"][:, action]
    surge = params["surge"] * outcome["drug"]
    delta_op = u - q_a
    delta_op = jnp.where(surge > 0, jnp.maximum(delta_op + surge, surge), delta_op)
    # presses that do not complete a schedule requirement (ratio, time-out) teach nothing
    learn_op = (action > 0) & ~pav & outcome["completed"]
    vv = state["v"] + pav * params["eta"] * delta_pav * w
    q = state["q"].at[:, action].add(learn_op * params["eta"] * delta_op * w)
    proto = proto + params["proto_rate"] * w[:, None] * (s - proto)
    learning = pav | learn_op
    delta = jnp.where(pav, delta_pav, jnp.where(learn_op, delta_op, 0.0))
    dbar = jnp.where(learning, state["dbar"] + (delta - state["dbar"]) / params["tau_delta"], state["dbar"])
    # split: persistent negative surprise and a free slot
    free = ~state["active"]
    slot = jnp.argmax(free)
    split = (dbar < -params["threshold"]) & jnp.any(free)
    new_q, new_v = w @ q, w @ vv
    q = jnp.where(split, q.at[slot].set(new_q), q)
    vv = jnp.where(split, vv.at[slot].set(new_v), vv)
    proto = jnp.where(split, proto.at[slot].set(s), proto)
    active = state["active"] | (split & (jnp.arange(MAX_SITUATIONS) == slot))
    current = jnp.where(split, slot, jnp.argmax(w)).astype(jnp.int32)
    new = {
        "proto": proto, "active": active, "fresh": jnp.zeros(()), "q": q, "v": vv,
        "current": current, "since": jnp.zeros(()), "dbar": jnp.where(split, 0.0, dbar),
        "n_situations": jnp.sum(active).astype(dbar.dtype),
    }
    return new, {"prediction_error": delta, "n_situations": new["n_situations"], "mean_delta": dbar}


MODEL = Model(
    name="state_splitting",
    citation="Redish, Jensen, Johnson & Kurth-Nelson 2007, Psych Rev 114:784",
    summary="TD with situation recognition: persistent negative surprise splits off a new situation",
    params=PARAMS,
    init=init,
    policy=policy,
    update=update,
    readouts=("value", "response", "q_drug", "q_alternative", "situation", "prediction_error",
              "n_situations", "mean_delta"),
    doc=__doc__,
    # float32 simulation is 1.2-1.5x faster on CPU (2,000 subjects on the bench protocol, same
    # session A/B); fits still run in float64.
    sim_dtype="float32",
    mechanism="competition",
    perceives=frozenset({"context", "cues", "us", "drug", "reward", "shock", "delay", "time"}),
)
register(MODEL)
