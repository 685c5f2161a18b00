r"""dual_trace **v1**: the dual-trace model as it was at commit 0a12284, ported to today's Model
interface for a historical comparison with v2 (``benchmarks/dual_trace_versions.py``).

Equations, parameters, bounds, defaults and free/fixed flags are those of
``git show 0a12284:src/remission/models/dual_trace.py`` and its ``dual_trace_dynamics.py``
(copied verbatim as :mod:`legacy.dual_trace_dynamics_v1`). ``diff`` this file against the former to
see every change; they are:

1. Names: ``dual_trace_v1`` and the presets ``erasure_only_v1``, ``competition_only_v1``,
   ``mixed_v1`` (the registry holds v2 under the old names). Importing the module no longer
   registers them: :func:`register_v1` does (``benchmarks/dual_trace_versions.py`` calls it), and
   the module is not in ``remission.models.MODULES``, so the default scorecard is unchanged.
2. The dynamics are imported from the local copy instead of ``remission.models.dual_trace_dynamics``
   (which is v2's today).
3. The choice (β, lapse) and delay-discount (k) ParamSpecs are written out here with their
   0a12284 values instead of imported from ``remission.models.base``: the values are the same
   today, but a later change of the shared conventions must not change v1.
4. Nothing else. Not forced and not done: v1 declares no ``prepare`` (it computes
   ``dyn.prepare`` in both ``policy`` and ``update``, as it did; the interface makes ``prepare``
   optional), keeps ``sim_dtype`` float64 (as it simulated then; float32 came later, c22cdaa),
   and declares neither ``perceives`` nor ``spread``, as at 0a12284, so it takes today's defaults
   of the interface: every input of ``remission.models.base.INPUTS`` (v2 declares the same set)
   and today's population convention, :data:`~remission.models.base.POPULATION_SPREAD` applied
   with ``Spread`` on each parameter's unconstrained scale (drug_value, alt_value, shock_cost,
   β, η). At 0a12284 the same method gave ``default × LogNormal(0, sd)`` on drug_value,
   shock_cost and β only; :func:`population_0a12284` rebuilds that population for whoever wants
   it (``dual_trace_versions.py --v1-population 0a12284``).

Original docstring (0a12284) follows.

Dual-trace erasure/competition model: the project's formalisation of the seed question (docs/MODELS.md §6).

Engeln, M. & Ahmed, S. H. (2024). *Nat Rev Neurosci*: is remission the erasure of drug-induced
changes, or new learning that outcompetes a drug memory that stays latent? This model is not from a
paper; it states both hypotheses inside one agent so that they can be simulated and fitted. Its
parts follow Bouton (2002, 2004: extinction is context-bound new learning that fades faster),
Redish (2004: non-compensable drug signal), Bjork & Bjork (1992: storage vs retrieval strength,
power-law forgetting), Nader et al. (2000) and Monfils et al. (2009: reconsolidation window),
Pascoli et al. (2012: depotentiation), Grimm et al. (2001: incubation), Chauvet et al. (2009:
enrichment).

Traces
------
Four storage strengths S_j ≥ 0: the drug trace D and three competing traces, extinction E,
punishment P and alternative reward A. Each trace keeps an encoding profile c_j: the mass-weighted
mean of the stimulus vector s (one-hot context, then the cues present, including a cue delivered
within the last ``cue_tau`` minutes) at the moments it grew.

Retrieval (each step, t in minutes)::

    g_j = γ_j + (1 − γ_j) cos(c_j, s)              context/cue similarity (renewal)
    R_j = (1 + Δt_j / τ_R)^(−d_j)                  Δt_j: time since trace j was last retrieved
    B_j = g_j R_j S_j

with γ_D (``gen_drug``) > γ_E = γ_P (``gen_comp``): drug memories generalise, inhibitory ones are
bound to where they were learned; d_E = d_P (``decay_comp``) > d_D (``decay_drug``): competing
traces fade faster, so responding recovers with time (spontaneous recovery). After a step, Δt_j ←
Δt_j (1 − g_j) (a retrieved trace's clock restarts).

Drug-seeking value::

    I(a)     = A (1 − e^{−a/τ_rise}) e^{−a/τ_fall}          incubation, a = days since the last
                                                             self-administered drug or Pavlovian US
                                                             (I = 0 before any; primes do not reset a)
    G        = 1 − π_en · N                                  enrichment gate (N ∈ [0, 1])
    V_drug   = G B_D + κ_p p R_D S_D + κ_s σ G R_D S_D       retrieved drug value (expectation)
    q        = max_j s_cue_j                                 drug cue present or just delivered
    V_inc    = G B_D · G I · q                               incubated cue-triggered craving
    net      = V_drug + V_inc − B_E − B_P                    net drug-seeking value
    Q        = [rest, Q_drug, B_A − c, −c] + ν e^{−n_a/5}    none, drug, alternative, inactive

Incubation is cue-triggered (the context alone, or a prime, does not incubate) and motivational:
like satiety it enters choice (net, Q_drug) but not the expectation V_drug − B_E that the learning
rules correct, so extinction within a cue test does not cancel it.

Satiety and allostasis (regulated intake and escalation; Tsibulsky & Norman 1999; Ahmed & Koob
1998, 2005; Koob & Le Moal 2001). L is the drug level (in doses): each self-administered dose adds
to it and it is eliminated with time constant τ_pk (``pk_tau``); H is an allostatic state that
grows with drug exposure and recovers over days (``allostasis_tau`` τ_H)::

    L ← L e^{−Δt/τ_pk} (+ dose)
    H ← H e^{−Δt/τ_H} + α ∫ L dt / day                        α: ``allostasis``
    h = 1 / (1 + (L / (θ (1 + H)))²)                          θ: ``satiety``
    Q_drug = h (V_drug + V_inc) − B_E − B_P − c               (value of taking more drug now)

so intake is regulated around a drug level set by θ (1 + H) and the drug's value (loading, then
regular infusions); daily 6-h access accumulates more H than 1-h access, raising the level
defended and with it first-hour intake across sessions (escalation), while short access stays
nearly stable. Satiety is a motivational state: it changes Q_drug, not what is learned, and
non-contingent primes act through p only.

n_a counts presses of lever a (a novelty bonus that makes untried levers sampled). p and σ are the prime and stress states (added by ``obs["prime"]``/``obs["stress"]``, decaying with
``arousal_tau``): a prime retrieves the drug trace pharmacologically, bypassing context and
enrichment; stress and cues are gated by enrichment. Choice: softmax with lapse (docs/MODELS.md §7).

Learning (u = value of the outcome, discounted by 1/(1 + k·delay))::

    δ = u − (V_drug − B_E)                           appetitive PE (drug lever, Pavlovian US)
    drug delivered:  S_D += η max(δ + D, D) (1 − S_D / (κ u)),  D = surge · u   (Redish 2004)
    cue, no drug:    u = κ_c (V_drug − B_E)⁺   (conditioned reinforcement by the drug cue; κ_c < 1,
                     so a cue alone slows extinction but never reverses it)
    δ < 0, no drug:  S_D −= ε′ η |δ|        (erasure)
                     S_E += (1 − ε′) η |δ|  (competition: new extinction memory)
    shock:           δ_P = shock_cost · shock − B_P;  S_D −= ε′ η_P δ_P⁺,  S_P += (1 − ε′) η_P δ_P⁺
    alternative:     S_A += η_A (alt_value · reward − B_A)

ε′ = ε + (1 − ε) ρ L, where ε (``epsilon``) is the **erasure share** (1: pure erasure, 0: pure
competition) and L ∈ [0, 1] the lability of the drug trace: a session that starts within the
reconsolidation window W after a session that retrieved the drug trace without drug (a retrieval
trial) has L = 1 / (1 + (gap / W)^4) (Monfils et al. 2009). Unrewarded presses while the drug is
still scheduled (ratio, time-out) teach nothing; drug deliveries never give a negative PE.

Operators: depotentiation f (``obs["depotentiation"]``): S_D ← (1 − f) S_D; amnestic agent ψ:
S_D ← (1 − ψ L) S_D (only a labile trace is degraded); forgetting: S_D ← S_D e^{−φ Δt}; enrichment e
over the preceding gap Δt: N ← 1 − (1 − N) e^{−r_en e Δt}, otherwise N decays at ``enrich_decay``.

Read-outs: ``drug_trace`` S_D, ``extinction_trace``, ``punishment_trace``, ``alternative_trace``,
``net_value`` (= ``response``, ``value``), ``erasure_index`` = erased / (erased + competed), the
cumulative drug-trace loss (erasure PEs, depotentiation, amnestic, forgetting) over itself plus the
cumulative growth of competing traces, ``incubation`` (G I, the incubated gain a cue would trigger)
and ``lability``; ``q_drug`` includes satiety and the cue-triggered incubation.

Scales (60-s bins of the scorecard designs): a delivered cue is remembered with ``cue_tau`` = 2 min,
so it still retrieves the drug trace at the next decisions (cue-induced reinstatement and the
expression of incubation need it); A = 4, τ_fall = 100 days put the incubation peak between 1 and 3
months, lower by 6 (Grimm et al. 2001; Lu et al. 2004).
"""

from __future__ import annotations

import dataclasses
import math

import jax.numpy as jnp

from remission.errors import RemissionError
from remission.models import register
from remission.models.base import Model, choice_probabilities
from remission.params import Beta, LogNormal, Mixture, ParamSpec, Population

from . import dual_trace_dynamics_v1 as dyn

# 0a12284's remission.models.base.CHOICE_PARAMS and DISCOUNT_PARAMS (change 3 of the docstring)
CHOICE_PARAMS = (
    ParamSpec("beta", 5.0, 0.0, 50.0, doc="softmax inverse temperature"),
    ParamSpec("lapse", 0.02, 0.0, 0.5, doc="lapse rate (random choice)", fit=False),
)
DISCOUNT_PARAMS = (
    ParamSpec("k", 0.02, 0.0, 10.0, doc="hyperbolic delay discount per second",
              fit=False),
)

PARAMS = (
    ParamSpec("epsilon", 0.3, 0.0, 1.0, doc="erasure share ε (1 erasure, 0 competition)"),
    ParamSpec("eta", 0.1, 0.0, 1.0, doc="learning rate of drug and extinction traces"),
    ParamSpec("eta_pun", 0.3, 0.0, 1.0, doc="learning rate of the punishment trace"),
    ParamSpec("eta_alt", 0.2, 0.0, 1.0, doc="learning rate of the alternative trace"),
    ParamSpec("drug_value", 4.0, 0.0, 50.0, doc="hedonic value per unit drug dose"),
    ParamSpec("alt_value", 1.0, 0.0, 50.0, doc="value per unit non-drug reward"),
    ParamSpec("shock_cost", 3.0, 0.0, 50.0, doc="aversiveness per mA of shock"),
    ParamSpec("press_cost", 0.1, 0.0, 5.0, doc="effort cost of one response",
              fit=False),
    ParamSpec("rest", 0.5, -5.0, 5.0, doc="value of not responding", fit=False),
    ParamSpec("novelty", 1.0, 0.0, 10.0,
              doc="novelty bonus ν of an untried lever, fading as ν e^{−presses/5}", fit=False),
    ParamSpec("surge", 0.2, 0.0, 10.0, doc="non-compensable drug signal D / u"),
    ParamSpec("ceiling", 2.0, 1.0, 20.0, doc="drug trace saturates at ceiling·u",
              fit=False),
    ParamSpec("gen_drug", 0.6, 0.0, 1.0, doc="generalisation γ_D of the drug trace"),
    ParamSpec("gen_comp", 0.1, 0.0, 1.0, doc="generalisation γ of extinction/punishment"),
    ParamSpec("gen_alt", 0.5, 0.0, 1.0, doc="generalisation of the alternative trace",
              fit=False),
    ParamSpec("decay_drug", 0.05, 0.0, 3.0, doc="power-law retrieval decay d_D"),
    ParamSpec("decay_comp", 0.35, 0.0, 3.0, doc="retrieval decay d of competing traces"),
    ParamSpec("decay_alt", 0.1, 0.0, 3.0, doc="retrieval decay of the alternative",
              fit=False),
    ParamSpec("retrieval_tau", 1440.0, 1.0, 1e6, doc="time scale τ_R (min)", fit=False),
    ParamSpec("forgetting", 0.0, 0.0, 1.0, doc="drug-trace storage loss per day φ",
              fit=False),
    ParamSpec("window", 180.0, 1.0, 1e5, doc="reconsolidation window W (min)",
              fit=False),
    ParamSpec("reconsolidation", 0.9, 0.0, 1.0,
              doc="ρ: extra erasure share inside the reconsolidation window"),
    ParamSpec("incubation", 4.0, 0.0, 20.0, doc="incubation amplitude A"),
    ParamSpec("inc_rise", 30.0, 0.1, 1e4, doc="incubation rise τ_rise (days)", fit=False),
    ParamSpec("inc_fall", 100.0, 0.1, 1e5, doc="incubation fall τ_fall (days)", fit=False),
    ParamSpec("cue_value", 0.25, 0.0, 10.0,
              doc="κ_c: conditioned-reinforcing value of a drug cue, per unit retrieved drug value"),
    ParamSpec("prime_gain", 3.0, 0.0, 50.0, doc="κ_p: drug-trace retrieval per unit prime"),
    ParamSpec("stress_gain", 1.0, 0.0, 50.0, doc="κ_s: retrieval per unit stress"),
    ParamSpec("arousal_tau", 60.0, 0.1, 1e5, doc="decay of prime/stress states (min)",
              fit=False),
    ParamSpec("cue_tau", 2.0, 0.01, 1e4,
              doc="memory of a delivered cue (min): how long it keeps retrieving the drug trace",
              fit=False),
    ParamSpec("enrich_rate", 0.2, 0.0, 50.0, doc="enrichment build-up per day r_en",
              fit=False),
    ParamSpec("enrich_decay", 0.01, 0.0, 10.0, doc="loss of enrichment per day",
              fit=False),
    ParamSpec("enrich_protect", 0.8, 0.0, 1.0, doc="π_en: gating of cue/stress retrieval"),
    ParamSpec("satiety", 0.15, 0.01, 1e3,
              doc="θ: drug level (in doses) at which the value of more drug is halved"),
    ParamSpec("pk_tau", 6.0, 0.1, 1e4, doc="τ_pk: drug elimination time constant (min)",
              fit=False),
    ParamSpec("allostasis", 1.6, 0.0, 100.0,
              doc="α: growth of the allostatic state per dose·day of drug exposure"),
    ParamSpec("allostasis_tau", 5.0, 0.01, 1e4,
              doc="τ_H: recovery time constant of the allostatic state (days)", fit=False),
) + tuple(dataclasses.replace(p, default=10.0) if p.name == "beta" else p for p in CHOICE_PARAMS) \
    + DISCOUNT_PARAMS


NEVER = -1e12  # ``last_drug`` of a subject that has never self-administered: no incubation


def init(params, dims):
    n_stim = dims.n_contexts + dims.n_cues
    z = jnp.zeros(())
    four = (z, z, z, z)
    return {
        "S": four, "mass": four, "clock": four, "binding": ((z,) * n_stim,) * dyn.N_TRACES,
        "enrich": z, "level": z, "allostasis": z, "prime": z, "stress": z,
        "cue_memory": (z,) * dims.n_cues, "last_drug": z + NEVER,
        "lability": z, "flags": (z, z),
        "erased": z, "competed": z, "presses": (z, z, z),
    }


def _values(params, state, r):
    """Action values [none, drug, alternative, inactive] with the novelty bonus of untried levers
    (the drug's value ``take`` already includes satiety)."""
    c = params["press_cost"]
    bonus = [params["novelty"] * jnp.exp(-n / 5.0) for n in state["presses"]]
    return jnp.stack([params["rest"], r["take"] - c + bonus[0], r["alt"] - c + bonus[1], -c + bonus[2]])


def policy(params, state, obs):
    st, r = dyn.prepare(params, state, obs)
    q = _values(params, state, r)
    probs = choice_probabilities(q, obs["available"], params["beta"], params["lapse"])
    return probs, {"value": r["net"], "response": r["net"], "q_drug": q[1], "q_alternative": q[2],
                   "incubation": r["incubation"], "lability": st["lability"]}


def update(params, state, obs, action, outcome):
    st, r = dyn.prepare(params, state, obs)  # the same computation as in policy: compiled once
    new, pe = dyn.learn(params, st, obs, action, outcome, r)
    lever = ~obs["pavlovian"]
    new["presses"] = tuple(n + ((action == a) & lever) for a, n in zip((1, 2, 3), state["presses"]))
    S = new["S"]
    total = new["erased"] + new["competed"]
    index = jnp.where(total > 0, new["erased"] / jnp.maximum(total, 1e-300), 0.0)
    return new, {
        "prediction_error": pe, "drug_trace": S[dyn.D], "extinction_trace": S[dyn.E],
        "punishment_trace": S[dyn.P], "alternative_trace": S[dyn.A], "net_value": r["net"],
        "erasure_index": index,
    }


MODEL = Model(
    name="dual_trace_v1",
    citation="this project (docs/MODELS.md §6); Engeln & Ahmed 2024 Nat Rev Neurosci; Bouton 2004; Redish 2004",
    summary="drug trace vs context-bound competing traces; erasure share ε splits negative PEs",
    params=PARAMS,
    init=init,
    policy=policy,
    update=update,
    readouts=("value", "response", "q_drug", "q_alternative", "incubation", "lability",
              "prediction_error", "drug_trace", "extinction_trace", "punishment_trace",
              "alternative_trace", "net_value", "erasure_index"),
    doc=__doc__,
    mechanism="mixed",
    erasure_share="epsilon",
    recovery="renewal_recovery",
    recovery_fit=("epsilon", "eta", "beta"),
    recovery_ranges={"epsilon": (0.05, 0.95)},
)

PRESETS = (
    MODEL.preset("erasure_only_v1", "pure erasure: every negative PE reduces the drug trace (ε = 1)",
                 epsilon=1.0),
    MODEL.preset("competition_only_v1",
                 "pure competition: negative PEs only build competing traces (ε = 0, no "
                 "reconsolidation-based updating)", epsilon=0.0, reconsolidation=0.0),
    MODEL.preset("mixed_v1", "half erasure, half competition (ε = 0.5)", epsilon=0.5),
)
NAMES = (MODEL.name, *(p.name for p in PRESETS))


def register_v1() -> tuple[str, ...]:
    """Register ``dual_trace_v1`` and its presets (change 1); returns their names."""
    register(MODEL, *PRESETS)
    return NAMES


def population_0a12284(model: Model = MODEL, fixed=None) -> Population:
    """The default population ``model.population(fixed)`` gave at 0a12284: each of drug_value,
    shock_cost and β is ``default × LogNormal(0, sd)`` with sd 0.5, 0.5, 0.3 (0a12284's
    ``POPULATION_SPREAD``), ``fixed`` values given to every subject."""
    fixed = dict(fixed or {})
    dists = {name: LogNormal(mu=math.log(model.spec(name).default), sigma=sd)
             for name, sd in {"drug_value": 0.5, "shock_cost": 0.5, "beta": 0.3}.items()
             if name in model.param_names and name not in fixed and model.spec(name).default > 0}
    dists.update({k: float(v) for k, v in fixed.items()})
    return Population(dists)


def default_rat_population(vulnerable: float = 0.1) -> Population:
    """A population of rats for the dual-trace model in which most animals value a sweet reward
    above i.v. cocaine and a vulnerable minority does not (hand-set, not calibrated):

    * drug value: a mixture, 90 % LogNormal(log 3, 0.3) and a 10 % minority LogNormal(log 14, 0.3)
      with a high hedonic value of the drug, the drug-preferring / addiction-prone minority;
    * alternative (sweet) value: LogNormal(log 3, 0.25);
    * aversiveness of footshock: LogNormal(log 3, 0.5), lower in part of the population;
    * learning rate η: Beta(4, 36) (mean 0.1); softmax β: LogNormal(log 10, 0.2).

    With these, on ``sweet_vs_cocaine_choice`` about 90–95 % of subjects prefer saccharin (Lenoir
    et al. 2007: 94 %) and under 15 % prefer cocaine (Cantin et al. 2010); see
    ``tests/test_populations.py``. Subject ``i``'s parameters depend only on ``(seed, parameter,
    i)``, so trajectories are reproducible by seed.

    Parameters
    ----------
    vulnerable : float
        Share of the high-drug-value minority (default 0.1).
    """
    if not 0.0 <= vulnerable <= 1.0:
        raise RemissionError(f"vulnerable = {vulnerable!r}; valid: a share in [0, 1]")
    drug = Mixture(weights=[1.0 - vulnerable, vulnerable],
                   components=[LogNormal(mu=math.log(3.0), sigma=0.3),
                               LogNormal(mu=math.log(14.0), sigma=0.3)])
    return Population(
        drug_value=drug,
        alt_value=LogNormal(mu=math.log(3.0), sigma=0.25),
        shock_cost=LogNormal(mu=math.log(3.0), sigma=0.5),
        eta=Beta(a=4.0, b=36.0),
        beta=LogNormal(mu=math.log(10.0), sigma=0.2),
    )
