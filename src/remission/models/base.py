"""The model interface every agent implements, and helpers shared by agents.

A model is a set of pure JAX functions of one subject (the engine vmaps them over subjects and
scans them over steps; fitting calls the very same functions to build likelihoods):

``init(params, dims) -> state``
    Initial state (a pytree of arrays) for ``dims`` = (number of cues, number of contexts).
``policy(params, state, obs) -> (probs, readouts)``
    Probabilities of the four actions (:data:`remission.protocols.ACTIONS`: none, drug,
    alternative, inactive) on this step, zero for unavailable ones, and read-outs computed before
    the outcome. ``readouts["response"]`` is the Pavlovian conditioned response (CR) of the step.
``update(params, state, obs, action, outcome) -> (state, readouts)``
    Learn from the chosen action and its outcome (see :func:`remission.engine.environment.step`
    for the outcome fields) and return read-outs computed after it.
``prepare(params, state, obs) -> ready`` (optional)
    The work ``policy`` and ``update`` share at a step (time passing, interventions, retrieval).
    Where a model declares it, every caller (:meth:`Model.begin`: the engine, the likelihood,
    the checker) computes it once per step and hands ``ready`` to ``policy`` and ``update`` in
    place of the state; ``update`` still returns the next state. XLA does not reliably merge the
    same computation written in both functions (latent_cause_rw ran it twice, issue 15).

``params`` is a dict of scalars (one subject); ``obs`` holds the *perceived* fields of one step
(:data:`remission.engine.layout.PERCEIVED`: time, dt, context, cues, pavlovian, us,
session_start, available, interventions) and ``outcome`` the box's answer (``completed``,
``drug``, ``reward``, ``shock``, ``delay``, ``cue``). A model never sees what a lever is
programmed to deliver, only what it offers and what a response brought.

A model also declares what the rest of remission needs to know about it (:class:`Model`): how it
stores a negative prediction error (``mechanism``), which inputs it perceives, its free
parameters (``ParamSpec.fit``), its default population of individual differences and the design
that identifies its parameters in recovery.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import jax.numpy as jnp

from remission.params import ParamSpec, Population, Spread

MECHANISMS = ("erasure", "competition", "mixed")
"""How a model stores what a negative prediction error after drug learning teaches:
``erasure`` (the acquired association is unlearned), ``competition`` (new learning is stored apart
and competes with an intact drug memory) or ``mixed`` (both)."""

INPUTS = ("context", "cues", "us", "drug", "reward", "shock", "delay", "time", "prime", "stress",
          "enrichment", "depotentiation", "amnestic", "substance", "reward_kind")
"""Inputs of the observation stream a model may perceive (``Model.perceives``); a finding that
needs an input a model lacks is not applicable to it. ``substance`` (which drug) and
``reward_kind`` (sweet, food, social) are named by protocols; no registered model reads them yet."""

NOT_OBSERVED = frozenset({"substance", "reward_kind"})
"""Inputs protocols name but the observation stream (``engine/layout.py``) does not carry to a model:
a model cannot perceive them, so it may not declare them (``remission.check_model`` refuses it),
and findings that need them are not applicable to every registered model."""

DRUG_VALUE = 4.0
"""The value convention shared by every model: value per unit reward is 1 and per unit dose
``DRUG_VALUE``, so the training dose (0.25) is worth one unit of non-drug reward (a saccharin
reward, a food pellet, a peer); a 0.5 mA shock costs as much (``shock_cost`` 2 per mA); choice
is a softmax with β = 5. A model is compared with the others at these scales unless calibrated."""

POPULATION_SPREAD = {"drug_value": 0.5, "alt_value": 0.5, "shock_cost": 0.5, "beta": 0.3, "eta": 0.3}
"""The shared convention for individual differences: each of these parameters a model declares
varies as :class:`~remission.params.Spread` around the model's default — a normal with this
standard deviation on the parameter's unconstrained scale (log for outcome values and β, logit for
the learning rate η) — the same relative spread for every model. Outcome values vary most (drug
and alternative values, the cost of shock: individual differences in what the outcomes are worth
drive choice and compulsivity); learning rate and choice temperature vary less."""


class Dims(NamedTuple):
    """Sizes a model needs to build its state."""

    n_cues: int
    n_contexts: int
    n_actions: int = 4

    @property
    def n_features(self) -> int:
        """Length of :func:`features`: bias, cues, contexts."""
        return 1 + self.n_cues + self.n_contexts


@dataclass(frozen=True, eq=False)
class Model:
    """A learning agent: parameter declarations plus pure ``init``/``policy``/``update`` functions,
    and the metadata scoring, fitting and the report read.

    Instances hash by identity, so jit-compiled programs are cached per model and shared by every
    simulation and likelihood that uses it.

    Attributes
    ----------
    mechanism : str
        One of :data:`MECHANISMS`.
    erasure_share : str, optional
        The parameter whose value is the share of erasure (dual-trace ε): the mechanism of a
        parameter set is then read from it (1 erasure, 0 competition, between mixed).
    perceives : frozenset of str
        The inputs (:data:`INPUTS`) the model's functions respond to (default: every input the
        observation stream carries, :data:`INPUTS` but :data:`NOT_OBSERVED`).
    spread : mapping of str to float
        Log-sd of the default population's individual differences per parameter (default
        :data:`POPULATION_SPREAD`, for the parameters the model has).
    recovery : str
        Registered paradigm (taking ``n_trials``) whose data identify the free parameters.
    recovery_fit : tuple of str, optional
        Parameters estimated in recovery (default: the free ones).
    recovery_ranges : mapping
        True-value ranges ``(low, high)`` used in recovery instead of the default spread.
    """

    name: str
    citation: str
    summary: str
    params: tuple[ParamSpec, ...]
    init: Callable
    policy: Callable
    update: Callable
    readouts: tuple[str, ...]
    doc: str = ""
    prepare: Callable | None = None
    base: str | None = None
    fixed: Mapping[str, float] = field(default_factory=dict)
    sim_dtype: str = "float64"
    mechanism: str = "erasure"
    erasure_share: str | None = None
    perceives: frozenset = frozenset(INPUTS) - NOT_OBSERVED
    spread: Mapping[str, float] = field(default_factory=lambda: dict(POPULATION_SPREAD))
    recovery: str = "reversal_bandit"
    recovery_fit: tuple[str, ...] | None = None
    recovery_ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self):
        if self.mechanism not in MECHANISMS:
            raise ValueError(f"model {self.name!r}: mechanism {self.mechanism!r} not in {MECHANISMS}")
        unknown = set(self.perceives) - set(INPUTS)
        if unknown:
            raise ValueError(f"model {self.name!r}: perceives unknown inputs {sorted(unknown)}")

    def begin(self, params, state, obs):
        """What ``policy`` and ``update`` receive at a step: ``prepare(params, state, obs)``
        where the model declares it, else the state itself."""
        return state if self.prepare is None else self.prepare(params, state, obs)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    @property
    def free(self) -> tuple[str, ...]:
        """Free parameters: estimated by fitting and calibration (``ParamSpec.fit``)."""
        return tuple(p.name for p in self.params if p.fit)

    def mechanism_at(self, values: Mapping[str, float] | None = None) -> str:
        """The mechanism for parameter ``values`` (defaults where not given): read from the erasure
        share when the model has one, else :attr:`mechanism`."""
        if self.erasure_share is None:
            return self.mechanism
        eps = dict(values or {}).get(self.erasure_share, self.spec(self.erasure_share).default)
        return "erasure" if eps >= 1.0 else "competition" if eps <= 0.0 else "mixed"

    def population(self, fixed: Mapping[str, float] | None = None) -> Population:
        """The default population: each parameter of :attr:`spread` the model has varies as
        ``Spread(sd)`` around its default (:data:`POPULATION_SPREAD`); ``fixed`` values are given
        to every subject."""
        fixed = dict(fixed or {})
        dists = {name: Spread(sd=sd) for name, sd in self.spread.items()
                 if name in self.param_names and name not in fixed}
        dists.update({k: float(v) for k, v in fixed.items()})
        return Population(dists)

    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def spec(self, name: str) -> ParamSpec:
        return {p.name: p for p in self.params}[name]

    def preset(self, name: str, summary: str, **values: float) -> "Model":
        """A named variant with other defaults (e.g. ``erasure_only``: ε = 1), held fixed in fits."""
        specs = tuple(
            dataclasses.replace(
                p,
                default=values[p.name],
                lower=min(p.lower, values[p.name]),
                upper=max(p.upper, values[p.name]),
                fit=False,
            )
            if p.name in values
            else p
            for p in self.params
        )
        return dataclasses.replace(self, name=name, summary=summary, params=specs, base=self.name,
                                   fixed=dict(values))


def features(obs) -> jnp.ndarray:
    """Stimulus vector of a step: a constant 1 (the lever/apparatus itself), the cues present,
    then the one-hot context. The shared constant is what extinction in one context can reduce
    everywhere, so delta-rule models show only partial (summation) renewal."""
    return jnp.concatenate([jnp.ones(1, obs["cues"].dtype), obs["cues"], obs["context"]])


def choice_probabilities(values, available, beta, lapse, rest=0.0):
    """Softmax over available actions with inverse temperature β and a lapse rate (docs/MODELS.md §7).

    p(a) = (1 − lapse) · exp(β Q'_a) / Σ_{b avail} exp(β Q'_b) + lapse / n_avail, for available a,
    with Q'_none = Q_none + ``rest`` (the value of not responding, :data:`REST`) and Q'_a = Q_a
    otherwise. In free-operant time bins ``rest`` sets how often a subject that values the lever
    still does nothing in a bin (a go bias with the sign turned, Guitart-Masip et al. 2012,
    NeuroImage 62:154); with ``rest`` = 0 an agent that has learned any positive lever value
    presses in nearly every bin.
    """
    values = values + rest * (jnp.arange(values.shape[0]) == 0)  # a mask, not .at[]: cheap under vmap
    logits = jnp.where(available, beta * values, -jnp.inf)
    logits = logits - jnp.max(logits)
    expd = jnp.where(available, jnp.exp(logits), 0.0)
    soft = expd / jnp.sum(expd)
    n_avail = jnp.sum(available)
    return (1.0 - lapse) * soft + lapse * available / n_avail


def delay_discount(delay_minutes, k):
    """Hyperbolic discount 1 / (1 + k · delay) with delay in seconds (docs/MODELS.md §7)."""
    return 1.0 / (1.0 + k * delay_minutes * 60.0)


def outcome_utility(outcome, params):
    """Primary value of a response's outcome (undiscounted)::

        u = reward + drug_value · dose − shock_cost · shock − press_cost
    """
    return (
        outcome["reward"]
        + params["drug_value"] * outcome["drug"]
        - params["shock_cost"] * outcome["shock"]
        - params["press_cost"]
    )


CHOICE_PARAMS = (
    ParamSpec("beta", 5.0, 0.0, 50.0, doc="softmax inverse temperature"),
    ParamSpec("lapse", 0.02, 0.0, 0.5, doc="lapse rate (random choice)", fit=False),
)
"""Softmax choice parameters shared by the operant agents (docs/MODELS.md §7)."""

REST = ParamSpec("rest", 0.0, -5.0, 5.0, doc="value of not responding on a step (added to Q_none)",
                 fit=False)
"""The value of not responding, shared by the operant agents that pass it to
:func:`choice_probabilities`. Held at 0 by default (simulations unchanged); fitting estimates it
when the data contain omissions (:func:`remission.fitting.likelihood.default_fit`): free-operant
bins, where doing nothing is the commonest choice, cannot be fitted without it."""

VALUE_PARAMS = (
    ParamSpec("drug_value", DRUG_VALUE, 0.0, 50.0, doc="hedonic value per unit drug dose",
              fit=False),
    ParamSpec("shock_cost", 2.0, 0.0, 50.0, doc="aversiveness per mA of shock",
              fit=False),
    ParamSpec("press_cost", 0.1, 0.0, 5.0, doc="effort cost of one response",
              fit=False),
)
"""Outcome valuation: u = reward + drug_value · dose − shock_cost · shock − press_cost, at the
scales of :data:`DRUG_VALUE`."""

DISCOUNT_PARAMS = (
    ParamSpec("k", 0.02, 0.0, 10.0, doc="hyperbolic delay discount per second",
              fit=False),
)
"""Hyperbolic delay discounting (docs/MODELS.md §7)."""
