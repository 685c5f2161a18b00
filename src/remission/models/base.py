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

``params`` is a dict of scalars (one subject); ``obs`` holds one step of the compiled protocol
(see :mod:`remission.protocols.compile`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import jax.numpy as jnp

from remission.params import ParamSpec


class Dims(NamedTuple):
    """Sizes a model needs to build its state."""

    n_cues: int
    n_contexts: int

    @property
    def n_features(self) -> int:
        """Length of :func:`features`: bias, cues, contexts."""
        return 1 + self.n_cues + self.n_contexts


@dataclass(frozen=True, eq=False)
class Model:
    """A learning agent: parameter declarations plus pure ``init``/``policy``/``update`` functions.

    Instances hash by identity, so jit-compiled programs are cached per model and shared by every
    simulation and likelihood that uses it.
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
    base: str | None = None
    fixed: Mapping[str, float] = field(default_factory=dict)
    sim_dtype: str = "float64"

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

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


def choice_probabilities(values, available, beta, lapse):
    """Softmax over available actions with inverse temperature β and a lapse rate (MODELS.md §7).

    p(a) = (1 − lapse) · exp(β Q_a) / Σ_{b avail} exp(β Q_b) + lapse / n_avail, for available a.
    """
    logits = jnp.where(available, beta * values, -jnp.inf)
    logits = logits - jnp.max(logits)
    expd = jnp.where(available, jnp.exp(logits), 0.0)
    soft = expd / jnp.sum(expd)
    n_avail = jnp.sum(available)
    return (1.0 - lapse) * soft + lapse * available / n_avail


def delay_discount(delay_minutes, k):
    """Hyperbolic discount 1 / (1 + k · delay) with delay in seconds (MODELS.md §7)."""
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
"""Softmax choice parameters shared by the operant agents (MODELS.md §7)."""

VALUE_PARAMS = (
    ParamSpec("drug_value", 1.0, 0.0, 20.0, doc="hedonic value per unit drug dose",
              fit=False),
    ParamSpec("shock_cost", 1.0, 0.0, 20.0, doc="aversiveness per unit shock",
              fit=False),
    ParamSpec("press_cost", 0.1, 0.0, 5.0, doc="effort cost of one response",
              fit=False),
)
"""Outcome valuation: u = reward + drug_value · dose − shock_cost · shock − press_cost."""

DISCOUNT_PARAMS = (
    ParamSpec("k", 0.02, 0.0, 10.0, doc="hyperbolic delay discount per second",
              fit=False),
)
"""Hyperbolic delay discounting (MODELS.md §7)."""
