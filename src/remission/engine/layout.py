"""The step layout: the one contract between protocols, data, the box and the models.

An experiment reaches the engine as per-step arrays (the step axis first, optionally behind leading
subject axes). Each field is declared once here, with its dtype, its extra axes (over actions,
cues or contexts) and its *role*:

``perceived``
    what the subject can know on a step: time, context, cues, Pavlovian US, which options are
    offered, and the interventions applied to it. Models receive only these
    (:func:`perceived`), so no model reads a lever's programmed outcome or a lever index.
``programme``
    what the box is programmed to do (per option: dose, reward, shock, delay, schedule, paired
    cue). Only the box (:mod:`remission.engine.environment`) reads these; real data need not have
    them.
``label``
    where a step belongs (phase, session, trial, context index), for result tables.

What the box tells the model after a response is an *outcome* (:data:`OUTCOME_FIELDS`): whether
the response completed its schedule requirement (a learning trial, whatever it brought) and what it
delivered. The protocol compiler (:mod:`remission.engine.compile`) and the data importer
(:mod:`remission.io.design`) both build their arrays with :func:`empty_steps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from remission.protocols.schema import ACTIONS, INTERVENTIONS


@dataclass(frozen=True)
class Field:
    """One per-step array of the layout.

    Attributes
    ----------
    name : str
    dtype : str
        ``"float"``, ``"int32"`` or ``"bool"``.
    axes : tuple of str
        Extra axes after the step axis, each ``"action"``, ``"cue"`` or ``"context"``.
    role : str
        ``"perceived"``, ``"programme"`` or ``"label"`` (module docstring).
    doc : str
    fill : float
        Value of an empty step (a ratio requirement of 1; ``available`` is handled apart: the
        ``none`` action is always available).
    hold : bool
        Padded steps repeat the last real value (labels, time, context, cues) instead of ``fill``.
    """

    name: str
    dtype: str
    axes: tuple[str, ...] = ()
    role: str = "perceived"
    doc: str = ""
    fill: float = 0.0
    hold: bool = False

    @property
    def numpy_dtype(self):
        return {"float": np.float64, "int32": np.int32, "bool": np.bool_}[self.dtype]


STEP_FIELDS: tuple[Field, ...] = (
    Field("phase", "int32", role="label", doc="index of the phase", hold=True),
    Field("session", "int32", role="label", doc="session within the phase", hold=True),
    Field("trial", "int32", role="label", doc="step within the session", hold=True),
    Field("context_index", "int32", role="label", doc="index of the context", hold=True),
    Field("time", "float", doc="minutes since the start of the experiment", hold=True),
    Field("dt", "float", doc="minutes since the previous step (0 on the first)"),
    Field("context", "float", ("context",), doc="one-hot context", hold=True),
    Field("cues", "float", ("cue",), doc="cues present on the step", hold=True),
    Field("pavlovian", "bool", doc="a Pavlovian trial (no choice)"),
    Field("us", "float", doc="US magnitude of a Pavlovian trial"),
    Field("session_start", "bool", doc="first step of a session (the box is reset)"),
    Field("available", "bool", ("action",), doc="options offered (``none`` always)"),
    *(Field(kind, "float", doc=f"{kind} intervention at this step (magnitude)")
      for kind in INTERVENTIONS),
    Field("dose", "float", ("action",), "programme", "drug dose per delivery"),
    Field("reward", "float", ("action",), "programme", "non-drug reward per delivery"),
    Field("shock_probability", "float", ("action",), "programme", "chance of a shock per delivery"),
    Field("shock_intensity", "float", ("action",), "programme", "shock intensity (mA)"),
    Field("delay", "float", ("action",), "programme", "delay to the outcome (minutes)"),
    Field("ratio", "float", ("action",), "programme", "fixed-ratio requirement", fill=1.0),
    Field("progressive", "bool", ("action",), "programme", "progressive-ratio schedule"),
    Field("timeout_steps", "int32", ("action",), "programme", "steps of time-out after a delivery"),
    Field("cue_on_delivery", "float", ("action", "cue"), "programme", "cue paired with a delivery"),
    Field("consequence", "float", ("action",), "programme",
          "delayed aversive consequence accrued per delivery (shock-equivalent units)"),
    Field("consequence_growth", "float", ("action",), "programme",
          "growth of the consequence accrued per delivery with each earlier one (harm accumulates)"),
    Field("consequence_lag", "float", (), "programme",
          "mean delay (minutes) with which accrued consequences arrive (0: none arrive)", hold=True),
)
"""Every field of a step, in one place."""

FIELDS = {f.name: f for f in STEP_FIELDS}
PERCEIVED = tuple(f.name for f in STEP_FIELDS if f.role == "perceived")
"""The fields a model may read."""


@dataclass(frozen=True)
class OutcomeField:
    """One field of the box's response to an action (see :func:`remission.engine.environment.step`)."""

    name: str
    dtype: str
    axes: tuple[str, ...] = ()
    doc: str = ""


OUTCOME_FIELDS: tuple[OutcomeField, ...] = (
    OutcomeField("completed", "bool", doc="the response met its schedule requirement: a learning "
                 "trial, whatever it brought (False for presses during a time-out or short of a "
                 "ratio, and for not responding)"),
    OutcomeField("drug", "float", doc="drug dose delivered"),
    OutcomeField("reward", "float", doc="non-drug reward delivered"),
    OutcomeField("shock", "float", doc="shock intensity received"),
    OutcomeField("delay", "float", doc="delay to the outcome (minutes)"),
    OutcomeField("cue", "float", ("cue",), doc="cue presented with the outcome"),
)
OUTCOMES = tuple(f.name for f in OUTCOME_FIELDS)
RECORDED_OUTCOMES = ("completed", "drug", "reward", "shock")
"""Outcome fields kept in every step record (besides the action and the model's read-outs)."""


class Sizes(NamedTuple):
    """Lengths of the extra axes."""

    n_cues: int
    n_contexts: int
    n_actions: int = len(ACTIONS)

    def shape(self, axes: tuple[str, ...]) -> tuple[int, ...]:
        size = {"action": self.n_actions, "cue": self.n_cues, "context": self.n_contexts}
        return tuple(size[a] for a in axes)


def empty_steps(n_steps: int, sizes: Sizes, lead: tuple[int, ...] = (),
                roles: tuple[str, ...] = ("perceived", "programme", "label")) -> dict[str, np.ndarray]:
    """Arrays of every field with the given roles for ``lead + (n_steps,)`` inert steps: nothing
    but ``none`` offered, no time passing, nothing programmed."""
    out = {}
    for f in STEP_FIELDS:
        if f.role in roles:
            out[f.name] = np.full(lead + (n_steps,) + sizes.shape(f.axes), f.fill, f.numpy_dtype)
    if "available" in out:
        out["available"][..., 0] = True
    return out


def empty_outcomes(n_steps: int, sizes: Sizes, lead: tuple[int, ...] = ()) -> dict[str, np.ndarray]:
    """Outcome arrays of ``lead + (n_steps,)`` steps where nothing happened."""
    dtypes = {"float": np.float64, "bool": np.bool_}
    return {f.name: np.zeros(lead + (n_steps,) + sizes.shape(f.axes), dtypes[f.dtype])
            for f in OUTCOME_FIELDS}


def pad_steps(steps: dict, n_steps: int) -> dict:
    """Append inert steps up to ``n_steps`` (step axis first): held fields repeat their last
    value, the others take their empty value. Padded steps come after every real step, so they
    cannot change a real record."""
    T = next(iter(steps.values())).shape[0]
    if n_steps <= T:
        return steps
    out = {}
    for k, v in steps.items():
        f = FIELDS[k]
        if f.hold:
            tail = np.repeat(v[-1:], n_steps - T, axis=0)
        else:
            tail = np.full((n_steps - T,) + v.shape[1:], f.fill, v.dtype)
            if k == "available":
                tail[:, 0] = True
        out[k] = np.concatenate([v, tail])
    return out


def perceived(steps: dict) -> dict:
    """The fields of ``steps`` a model may read."""
    return {k: steps[k] for k in PERCEIVED if k in steps}
