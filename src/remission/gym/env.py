"""A remission protocol as a Gymnasium environment: the agent is the subject in the engine's box.

One episode is one subject run through the whole protocol (every session of every phase, gaps
included in ``time``); it ends (``terminated``) after the protocol's last step and is never
truncated. Spaces, observation and reward are described in :mod:`remission.gym.spaces`.

Seeding (strict, as Gymnasium asks): ``reset(seed=s)`` puts subject ``subject`` of engine seed
``s`` in the box, so its shocks are those ``remission.simulate(..., seed=s)`` gives that subject;
each later ``reset()`` takes the next subject of the same seed (episode ``k`` after the seeded
reset is subject ``subject + k``). ``options={"subject": i}`` picks subject ``i``. Without any
seed, the engine seed is drawn once from ``np_random``.
"""

from __future__ import annotations

from collections.abc import Mapping

import gymnasium
import numpy as np
from gymnasium import spaces

from remission.errors import RemissionError
from remission.gym.box import BoxBatch, check_seed
from remission.gym.spaces import (action_names, check_weights, observation, observation_space,
                                  perceived_steps, scalar_reward)
from remission.protocols import ACTIONS

RESET_OPTIONS = ("subject",)


class BoxEnvBase:
    """What the single and the vectorised environment share: the box, spaces and seeding."""

    def _setup(self, protocol, n, subject, group, dtype, reward_weights, render_mode):
        if render_mode is not None:
            raise RemissionError(f"render_mode = {render_mode!r}; remission environments have "
                                 "no rendering (valid: None)")
        self.render_mode = None
        self.box = BoxBatch(protocol, n, group=group, dtype=dtype)
        self.protocol = self.box.protocol
        self.subject = check_seed(subject, "subject")
        self.reward_weights = check_weights(reward_weights)
        self.action_names = action_names(self.protocol)
        self.engine_actions = np.array([ACTIONS.index(a) for a in self.action_names], np.int32)
        self._single_action_space = spaces.Discrete(len(self.action_names))
        steps = self.box.compiled.obs
        self._seen = perceived_steps(steps, self.engine_actions, self.box.dtype)
        self._single_observation_space = observation_space(self._seen, steps, self.box.sizes,
                                                           self.box.dtype)
        self._env_action = np.zeros(len(ACTIONS), np.int64)  # engine index -> env index
        self._env_action[self.engine_actions] = np.arange(len(self.engine_actions))
        self._seed = None
        self._next_subject = self.subject

    def _start(self, seed, options: Mapping | None, stride: int) -> dict:
        """Reset the box for the next subjects (see the module docstring); return reset info."""
        options = dict(options or {})
        unknown = sorted(set(options) - set(RESET_OPTIONS))
        if unknown:
            raise RemissionError(f"reset options {unknown} are unknown; valid: {list(RESET_OPTIONS)}")
        if seed is not None:
            self._seed, self._next_subject = check_seed(seed, "seed"), self.subject
        elif self._seed is None:
            self._seed = int(self.np_random.integers(2**62))
        first = check_seed(options.get("subject", self._next_subject), "subject")
        self._next_subject = first + stride
        self.box.reset(self._seed, first)
        return {"seed": np.full(self.box.n, self._seed), "subject": self.box.subjects.copy()}

    def _observe(self, last):
        """Observations at the current step (the last one once the protocol is over)."""
        t = min(self.box.t, self.box.n_steps - 1)
        return observation(self._seen, t, last, self.box.n)

    def _advance(self, env_actions: np.ndarray):
        """Step the box with env action indices; return observations, rewards, info arrays."""
        t = self.box.t
        out = self.box.step(self.engine_actions[env_actions])
        comp, n = self.box.compiled, self.box.n
        label = lambda name: np.full(n, comp.obs[name][t])  # noqa: E731
        info = {
            "phase": np.full(n, comp.phase_names[comp.obs["phase"][t]]),
            "phase_index": label("phase"),
            "session": label("session"),
            "trial": label("trial"),
            "step": np.full(n, t),
            "time": label("time"),
            "context": np.full(n, comp.context_names[comp.obs["context_index"][t]]),
            "subject": self.box.subjects.copy(),
            "action": self._env_action[out.pop("action")],
            **out,
        }
        return self._observe(info), scalar_reward(info, self.reward_weights), info


class RemissionEnv(BoxEnvBase, gymnasium.Env):
    """One subject in the box of a protocol.

    Parameters
    ----------
    protocol : Protocol, str, Paradigm or path
        Any protocol :func:`remission.protocols.resolve` accepts (a registered name, a TOML file).
    subject : int
        Engine subject id of the first episode after a seeded reset.
    group : str, optional
        Group whose random streams are used (default: the protocol's name, as in
        ``remission.simulate(model, protocol)``).
    dtype : {"float32", "float64"}
        Precision of the box and the observations (the engine uses the model's ``sim_dtype``).
    reward_weights : mapping, optional
        Weights of ``drug``, ``reward`` and ``shock`` in the reward (default 1, 1, -1).
    render_mode : None
        No rendering.

    Notes
    -----
    ``info`` after a step describes the step just taken: ``phase`` (name), ``phase_index``,
    ``session``, ``trial``, ``step``, ``time`` (minutes), ``context``, ``subject``, ``action``
    (the index the box registered: ``none`` on Pavlovian steps) and the outcome fields
    ``completed``, ``drug``, ``reward``, ``shock``, ``delay`` and ``cue``.
    """

    metadata = {"render_modes": []}

    def __init__(self, protocol, subject: int = 0, group: str | None = None,
                 dtype: str = "float32", reward_weights: Mapping | None = None, render_mode=None):
        self._setup(protocol, 1, subject, group, dtype, reward_weights, render_mode)
        self.action_space = self._single_action_space
        self.observation_space = self._single_observation_space

    def reset(self, *, seed: int | None = None, options: Mapping | None = None):
        super().reset(seed=None if seed is None else check_seed(seed, "seed"))
        info = self._start(seed, options, stride=1)
        return _first(self._observe(self.box.no_outcome())), _scalars(info)

    def step(self, action):
        if not self.action_space.contains(action):
            raise RemissionError(f"action = {action!r}; valid: an integer in 0..{self.action_space.n - 1} "
                                 f"({', '.join(self.action_names)})")
        obs, reward, info = self._advance(np.array([int(action)]))
        return _first(obs), float(reward[0]), self.box.done, False, _scalars(info)


def _first(batch: dict) -> dict:
    return {k: v[0] for k, v in batch.items()}


def _scalars(batch: dict) -> dict:
    """Subject 0 of batched info arrays, as Python scalars where they are scalars."""
    return {k: (v[0].item() if np.ndim(v[0]) == 0 else v[0].copy()) for k, v in batch.items()}
