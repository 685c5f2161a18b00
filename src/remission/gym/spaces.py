"""What the agent sees, does and gets: spaces, observations and reward, read off the step layout.

Observation (a ``Dict``): every *perceived* field of the step layout
(:data:`remission.engine.layout.PERCEIVED`: ``time``, ``dt`` (the time since the last step),
``context``, ``cues``, ``pavlovian``, ``us``, ``available`` and the interventions) for the step
about to be taken, plus what the box delivered on the previous step (the outcome fields,
:data:`remission.engine.layout.OUTCOME_FIELDS`, prefixed ``last_``). Float fields are ``Box``
spaces bounded by the protocol's own values; true/false fields are ``MultiBinary``.

Action (a ``Discrete``): ``none`` and the options the protocol offers anywhere, in
``protocols.ACTIONS`` order (``env.action_names``). ``available`` (same order) says which are
offered on the step; a press on a retracted lever is registered but never counts.

Reward: the outcome's magnitude, ``drug + reward - shock`` by default (:data:`DEFAULT_WEIGHTS`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from gymnasium import spaces

from remission.engine.layout import FIELDS, OUTCOME_FIELDS, PERCEIVED, Sizes
from remission.errors import RemissionError
from remission.protocols import ACTIONS

#: Default scalarisation of an outcome into the reward: drug dose + reward magnitude - shock (mA).
DEFAULT_WEIGHTS = {"drug": 1.0, "reward": 1.0, "shock": -1.0}
LAST = "last_"

#: The outcome fields each observation reports from the previous step, as (observation key,
#: outcome field) pairs.
LAST_OUTCOMES = tuple((LAST + f.name, f) for f in OUTCOME_FIELDS)


def action_names(protocol) -> tuple[str, ...]:
    """``none`` plus every option some phase of ``protocol`` offers, in ``ACTIONS`` order."""
    offered = {o.name for phase in protocol.phases for o in phase.options}
    return tuple(a for a in ACTIONS if a == "none" or a in offered)


def perceived_steps(steps: Mapping[str, np.ndarray], actions: np.ndarray, dtype) -> dict:
    """Each perceived field of every compiled step as observations show it: ``(steps, *shape)``
    in the space's dtype (flags as int8), action axes cut to the environment's ``actions``."""
    out = {}
    for name in PERCEIVED:
        f, value = FIELDS[name], steps[name]
        value = value[:, actions] if "action" in f.axes else value
        value = value.reshape(len(value), -1) if value.ndim == 1 else value
        out[name] = value.astype(np.int8 if f.dtype == "bool" else dtype)
    return out


def observation_space(seen: Mapping[str, np.ndarray], steps: Mapping[str, np.ndarray],
                      sizes: Sizes, dtype) -> spaces.Dict:
    """The ``Dict`` space of :func:`observation`, from :func:`perceived_steps` (``seen``) and the
    compiled ``steps`` (whose programme bounds what the box can deliver).

    Every field of the layout is non-negative, so each ``Box`` runs from 0 to the largest value the
    field takes in the protocol, or to 1 for a field the protocol leaves at 0 (a Box must have
    some width); an observation never leaves its space.
    """
    out = {k: _space(v.dtype, v.shape[1:], v, dtype) for k, v in seen.items()}
    programme = {"drug": "dose", "reward": "reward", "shock": "shock_intensity", "delay": "delay",
                 "cue": "cue_on_delivery"}
    for key, f in LAST_OUTCOMES:
        shape = sizes.shape(f.axes) or (1,)
        kind = np.int8 if f.dtype == "bool" else dtype
        out[key] = _space(np.dtype(kind), shape, steps.get(programme.get(f.name)), dtype)
    return spaces.Dict(out)


def _space(kind, shape, values, dtype):
    if kind == np.int8:
        return spaces.MultiBinary(shape)
    high = float(np.max(values)) if values is not None and np.size(values) else 0.0
    return spaces.Box(np.zeros(shape, dtype), np.full(shape, high if high > 0 else 1.0, dtype),
                      dtype=dtype)


def observation(seen: Mapping[str, np.ndarray], t: int, last: Mapping[str, np.ndarray],
                n: int) -> dict[str, np.ndarray]:
    """Observations of ``n`` subjects (leading axis) at step ``t`` of :func:`perceived_steps`,
    after outcomes ``last`` (arrays with a leading subject axis); fresh arrays every call."""
    out = {k: np.repeat(v[t:t + 1], n, axis=0) for k, v in seen.items()}
    for key, f in LAST_OUTCOMES:
        value = np.asarray(last[f.name])
        value = np.array(value[:, None] if value.ndim == 1 else value)
        out[key] = value.astype(np.int8) if f.dtype == "bool" else value
    return out


def check_weights(weights: Mapping | None) -> dict[str, float]:
    """The reward weights, refusing unknown outcomes and non-finite values."""
    merged = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise RemissionError(f"reward_weights has {key!r}; valid keys: {', '.join(DEFAULT_WEIGHTS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise RemissionError(f"reward_weights[{key!r}] = {value!r} must be a finite number")
        merged[key] = float(value)
    return merged


def scalar_reward(outcome: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """``sum_k weights[k] * outcome[k]`` over drug, reward and shock, per subject."""
    return sum(w * np.asarray(outcome[k], np.float64) for k, w in weights.items())
