"""Dynamics of the dual-trace erasure/competition model **v1**, verbatim from commit 0a12284
(``src/remission/models/dual_trace_dynamics.py`` there; see :mod:`legacy.dual_trace_v1`). Only this
paragraph differs from that file (``diff <(git show 0a12284:src/remission/models/dual_trace_dynamics.py)
benchmarks/legacy/dual_trace_dynamics_v1.py``); the code is unchanged.

Original docstring: dynamics of the dual-trace erasure/competition model (see
:mod:`remission.models.dual_trace`).

Three pure functions of one subject:

* :func:`advance` applies the passage of time and the phase-start operators (forgetting,
  enrichment, drug elimination and allostasis, prime, stress, lability, amnestic agent,
  depotentiation);
* :func:`retrieve` turns storage strengths into retrieved values (context/cue similarity, power-law
  time since last retrieval, enrichment gating, satiety) and the motivational terms that drive
  choice but are not part of the learned expectation (cue-triggered incubation, satiety);
* :func:`learn` applies the prediction-error rules, split by the erasure share ε.

:func:`prepare` (advance then retrieve) is what ``policy`` and ``update`` both need; it is one pure
function of ``(params, state, obs)``, so the compiler computes it once per step.

Layout: per-trace quantities are tuples of four scalars in the order 0 drug (D), 1 extinction (E),
2 punishment (P), 3 alternative (A) — not length-4 arrays: under ``vmap`` on CPU, scalars give
element-wise loops that fuse, whereas stacking, scattering (``.at[i]``) and tiny matrix products
do not.
"""

from __future__ import annotations

import jax.numpy as jnp

from remission.models.base import delay_discount

DAY = 1440.0  # minutes
N_TRACES = 4
D, E, P, A = range(N_TRACES)


def _sum(xs):
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


def stimulus(obs, cue_memory):
    """Stimulus s (a tuple): one-hot context, then cues (present throughout or recently delivered)."""
    ctx = tuple(obs["context"][k] for k in range(obs["context"].shape[0]))
    return ctx + tuple(jnp.maximum(obs["cues"][j], m) for j, m in enumerate(cue_memory))


def similarity(binding, s):
    """Cosine similarity of each trace's encoding profile to the stimuli (0 if unbound).

    ``binding`` holds one profile per trace, each a tuple of scalars like ``s``.
    """
    norm_s = jnp.sqrt(_sum([x * x for x in s]))
    out = []
    for b in binding:
        num = _sum([bk * sk for bk, sk in zip(b, s)])
        den = jnp.sqrt(_sum([bk * bk for bk in b])) * norm_s
        out.append(jnp.where(den > 0, num / jnp.maximum(den, 1e-300), 0.0))
    return tuple(out)


def _max0(xs):
    """max(0, xs...) of a tuple of scalars (0 for an empty tuple)."""
    out = jnp.zeros(())
    for x in xs:
        out = jnp.maximum(out, x)
    return out


def window(gap, width):
    """Soft reconsolidation window 1 / (1 + (gap / width)^4): ≈1 inside, ≈0 well outside."""
    return 1.0 / (1.0 + (gap / width) ** 4)


def advance(params, state, obs):
    """Apply the time elapsed since the previous step (``obs["dt"]``) and phase-start operators."""
    dt = obs["dt"]
    days = dt / DAY
    sD, sE, sP, sA = state["S"]
    # forgetting: passive loss of drug-trace storage, exp(−φ Δt)
    keep = jnp.exp(-params["forgetting"] * days)
    lost = sD * (1 - keep)
    sd = sD * keep
    # environmental enrichment over the preceding gap builds a protective state; otherwise it fades
    e = obs["enrichment"]
    en_on = 1.0 - (1.0 - state["enrich"]) * jnp.exp(-params["enrich_rate"] * e * days)
    en_off = state["enrich"] * jnp.exp(-params["enrich_decay"] * days)
    enrich = jnp.where(e > 0, en_on, en_off)
    # drug level (one-compartment elimination) and the allostatic state it drives; the exposure
    # ∫ L dt over the gap is exact for exponential elimination
    pk = jnp.exp(-dt / params["pk_tau"])
    exposure = state["level"] * params["pk_tau"] * (1.0 - pk)
    level = state["level"] * pk
    allostasis = (state["allostasis"] * jnp.exp(-days / params["allostasis_tau"])
                  + params["allostasis"] * exposure / DAY)
    # transient pharmacological (prime) and stress states
    fade = jnp.exp(-dt / params["arousal_tau"])
    prime = state["prime"] * fade + obs["prime"]
    stress = state["stress"] * fade + obs["stress"]
    cue_fade = jnp.exp(-dt / params["cue_tau"])
    cue_memory = tuple(m * cue_fade for m in state["cue_memory"])
    # reconsolidation: a session starting within the window after a non-reinforced retrieval
    fresh = obs["session_start"]
    retrieved, drugged = state["flags"]
    lab_new = window(dt, params["window"]) * retrieved * (1.0 - drugged)
    lability = jnp.where(fresh, lab_new, state["lability"])
    flags = (jnp.where(fresh, 0.0, retrieved), jnp.where(fresh, 0.0, drugged))
    # amnestic agent (degrades a labile drug trace) and depotentiation (removes a fraction)
    amn = 1.0 - obs["amnestic"] * lability
    dep = 1.0 - obs["depotentiation"]
    lost = lost + sd * (1.0 - amn * dep)
    sd = sd * amn * dep
    return {
        **state,
        "S": (sd, sE, sP, sA),
        "clock": tuple(c + dt for c in state["clock"]),
        "enrich": enrich,
        "level": level,
        "allostasis": allostasis,
        "prime": prime,
        "stress": stress,
        "cue_memory": cue_memory,
        "lability": lability,
        "flags": flags,
        "erased": state["erased"] + lost,
    }


def incubation(params, state, obs):
    """Incubation I(a) = A (1 − e^{−a/τ_rise}) e^{−a/τ_fall}, a = days since the last self-administered
    drug (or Pavlovian US); 0 for a subject that has had neither (``last_drug`` = ``NEVER``)."""
    a = jnp.maximum(obs["time"] - state["last_drug"], 0.0) / DAY
    return params["incubation"] * (1 - jnp.exp(-a / params["inc_rise"])) * jnp.exp(-a / params["inc_fall"])


def retrieve(params, state, obs):
    """Retrieved values of a step (state already advanced)."""
    s = stimulus(obs, state["cue_memory"])
    gen = (params["gen_drug"], params["gen_comp"], params["gen_comp"], params["gen_alt"])
    decay = (params["decay_drug"], params["decay_comp"], params["decay_comp"], params["decay_alt"])
    sim = similarity(state["binding"], s)
    g = tuple(gj + (1.0 - gj) * cj for gj, cj in zip(gen, sim))
    R = tuple((1.0 + c / params["retrieval_tau"]) ** (-d) for c, d in zip(state["clock"], decay))
    B = tuple(gj * Rj * Sj for gj, Rj, Sj in zip(g, R, state["S"]))
    gate = 1.0 - params["enrich_protect"] * state["enrich"]
    inc = incubation(params, state, obs) * gate
    # incubation is cue-triggered: it amplifies the drug-trace retrieval only as far as a drug cue
    # is present (or was just delivered), q = max_j s_cue_j; the context alone does not incubate
    n_ctx = obs["context"].shape[0]
    q = _max0(s[n_ctx:])
    drug_strength = R[D] * state["S"][D]
    v_stim = B[D] * gate
    v_prime = params["prime_gain"] * state["prime"] * drug_strength
    v_stress = params["stress_gain"] * state["stress"] * drug_strength * gate
    v_drug = v_stim + v_prime + v_stress
    # what a press predicts (the learning rules' expectation)
    appetitive = v_drug - B[E]
    # incubated craving: motivational, like satiety, so it drives seeking but is not part of the
    # expectation that extinction corrects
    v_inc = v_stim * inc * q
    net = appetitive + v_inc - B[P]
    # satiety: the value of taking more drug now falls with the drug level L around a threshold
    # that the allostatic state H raises
    ratio = state["level"] / (params["satiety"] * (1.0 + state["allostasis"]))
    take = (v_drug + v_inc) / (1.0 + ratio * ratio) - B[E] - B[P]
    return {"s": s, "g": g, "B": B, "v_stim": v_stim, "appetitive": appetitive, "net": net, "alt": B[A],
            "incubation": inc, "take": take}


def prepare(params, state, obs):
    """:func:`advance` then :func:`retrieve`: the advanced state and the step's retrieved values."""
    st = advance(params, state, obs)
    return st, retrieve(params, st, obs)


def learn(params, state, obs, action, outcome, r):
    """Prediction-error learning of one step; returns the new state and the step's PE."""
    sD, sE, sP, sA = state["S"]
    pav = obs["pavlovian"]
    drug_press = (action == 1) & ~pav
    alt_press = (action == 2) & ~pav
    disc = delay_discount(outcome["delay"], params["k"])
    got_drug = outcome["drug"] > 0
    # --- appetitive channel: drug (or Pavlovian US) vs drug retrieval minus extinction ---------
    # a learning trial: a Pavlovian trial, or a drug-lever response that completed its schedule
    # (drug delivered, or nothing scheduled: extinction); presses in a time-out teach nothing
    app_event = pav | (drug_press & outcome["completed"])
    # a drug-paired cue delivered without drug is a conditioned reinforcer worth κ_c (V_drug − B_E)⁺
    cues_out = tuple(outcome["cue"][j] for j in range(outcome["cue"].shape[0]))
    cue_u = params["cue_value"] * jnp.maximum(r["appetitive"], 0.0) * _max0(cues_out)
    u = jnp.where(pav, obs["us"],
                  jnp.where(got_drug, params["drug_value"] * outcome["drug"] * disc, cue_u))
    delta = jnp.where(app_event, u - r["appetitive"], 0.0)
    surge = jnp.where(got_drug & ~pav, params["surge"] * u, 0.0)
    gain_branch = app_event & (got_drug | (pav & (delta > 0)))
    ceiling = jnp.where(got_drug & ~pav, params["ceiling"], 1.0) * u
    sat = jnp.clip(1.0 - sD / jnp.maximum(ceiling, 1e-12), 0.0, 1.0)
    gain = jnp.where(gain_branch, params["eta"] * jnp.maximum(delta + surge, surge) * sat, 0.0)
    neg_branch = app_event & ~gain_branch & (delta < 0)
    eps = params["epsilon"] + (1 - params["epsilon"]) * params["reconsolidation"] * state["lability"]
    m = jnp.where(neg_branch, params["eta"] * -delta, 0.0)
    erase_app = jnp.minimum(eps * m, sD + gain)
    build_ext = (1 - eps) * m
    # over-extinguished (prediction below zero, no reward): the extinction trace relaxes
    relax = jnp.where(app_event & ~gain_branch & (delta > 0),
                      jnp.minimum(params["eta"] * delta * r["g"][E], sE), 0.0)
    # --- aversive channel: footshock vs retrieved punishment memory --------------------------
    pun_event = drug_press & got_drug
    delta_p = jnp.where(pun_event, params["shock_cost"] * outcome["shock"] - r["B"][P], 0.0)
    mp = params["eta_pun"] * jnp.maximum(delta_p, 0.0)
    sd_after = sD + gain - erase_app
    erase_pun = jnp.minimum(eps * mp, sd_after)
    build_pun = (1 - eps) * mp
    relief = jnp.minimum(params["eta_pun"] * jnp.maximum(-delta_p, 0.0) * r["g"][P], sP)
    # --- alternative (non-drug) reward --------------------------------------------------------
    alt_event = alt_press & outcome["completed"]
    u_alt = params["alt_value"] * outcome["reward"] * disc
    delta_a = jnp.where(alt_event, u_alt - r["alt"], 0.0)
    alt_change = params["eta_alt"] * delta_a

    grow = (gain, build_ext, build_pun, jnp.maximum(alt_change, 0.0))
    new_S = (jnp.maximum(sD + (gain - erase_app - erase_pun), 0.0),
             jnp.maximum(sE + (build_ext - relax), 0.0),
             jnp.maximum(sP + (build_pun - relief), 0.0),
             jnp.maximum(sA + alt_change, 0.0))
    # encoding: each trace's profile moves toward the stimuli present when it grows
    n_ctx = obs["context"].shape[0]
    s_bind = r["s"][:n_ctx] + tuple(jnp.maximum(x, c) for x, c in zip(r["s"][n_ctx:], cues_out))
    mass = tuple(mj + gj for mj, gj in zip(state["mass"], grow))
    w = tuple(jnp.where(mj > 0, gj / jnp.maximum(mj, 1e-300), 0.0) for mj, gj in zip(mass, grow))
    binding = tuple(tuple(bk + wj * (sk - bk) for bk, sk in zip(b, s_bind))
                    for b, wj in zip(state["binding"], w))
    # retrieval resets each trace's clock in proportion to how strongly it was retrieved
    clock = tuple(c * (1.0 - gj) for c, gj in zip(state["clock"], r["g"]))
    retrieved, drugged = state["flags"]
    flags = (jnp.maximum(retrieved, neg_branch.astype(jnp.float64)),
             jnp.maximum(drugged, (got_drug | (obs["prime"] > 0)).astype(jnp.float64)))
    new_state = {
        **state,
        "S": new_S,
        "mass": mass,
        "binding": binding,
        "clock": clock,
        "flags": flags,
        "cue_memory": tuple(jnp.maximum(m, c) for m, c in zip(state["cue_memory"], cues_out)),
        # incubation clock: the last self-administered drug (or Pavlovian US standing in for it);
        # non-contingent primes do not restart it
        "last_drug": jnp.where(got_drug | (pav & (obs["us"] > 0)), obs["time"], state["last_drug"]),
        "level": state["level"] + outcome["drug"],
        "erased": state["erased"] + erase_app + erase_pun,
        "competed": state["competed"] + build_ext + build_pun,
    }
    pe = jnp.where(app_event, delta, jnp.where(pun_event, -delta_p, delta_a))
    return new_state, pe
