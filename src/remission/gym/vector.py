"""Thousands of subjects in the box at once: a JAX-native Gymnasium ``VectorEnv``.

All sub-environments run the same protocol, so they are always at the same step and the engine's
box is stepped for all of them in one compiled call (:class:`remission.gym.box.BoxBatch`). Seeding
follows the engine: ``reset(seed=s)`` gives sub-environment ``i`` subject ``subject + i`` of seed
``s``, so the batch is the cohort ``remission.simulate(..., n_subjects=num_envs, seed=s)``
simulates; each automatic reset moves on to the next ``num_envs`` subjects. Auto-reset is
Gymnasium's default ``NEXT_STEP`` mode: the step after the last one resets every sub-environment
(its actions are ignored, rewards are 0).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from remission.errors import RemissionError
from remission.gym.box import check_seed
from remission.gym.env import BoxEnvBase


class RemissionVectorEnv(BoxEnvBase, VectorEnv):
    """``num_envs`` subjects stepping through one protocol together.

    Parameters are those of :class:`remission.gym.env.RemissionEnv` plus ``num_envs``. ``step``
    takes an integer array of shape ``(num_envs,)`` and returns batched observations (a dict of
    arrays with a leading sub-environment axis), rewards, terminations, truncations and an info
    dict of arrays (the keys of :class:`RemissionEnv`'s ``info``).
    """

    metadata = {"render_modes": [], "autoreset_mode": AutoresetMode.NEXT_STEP}

    def __init__(self, protocol, num_envs: int = 1, subject: int = 0, group: str | None = None,
                 dtype: str = "float32", reward_weights: Mapping | None = None, render_mode=None):
        self._setup(protocol, num_envs, subject, group, dtype, reward_weights, render_mode)
        self.num_envs = self.box.n
        self.single_action_space = self._single_action_space
        self.single_observation_space = self._single_observation_space
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self._autoreset = False

    def reset(self, *, seed: int | None = None, options: Mapping | None = None):
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise RemissionError(f"seed = {seed!r}: give one integer; sub-environment i is subject "
                                 "subject + i of that seed")
        super().reset(seed=None if seed is None else check_seed(seed, "seed"))
        info = self._start(seed, options, stride=self.num_envs)
        self._autoreset = False
        return self._observe(self.box.no_outcome()), info

    def step(self, actions):
        if self._autoreset:
            obs, info = self.reset()
            zeros = np.zeros(self.num_envs)
            return obs, zeros, zeros.astype(bool), zeros.astype(bool), info
        actions = np.asarray(actions)
        if (actions.shape != (self.num_envs,) or actions.dtype.kind not in "iu"
                or np.any(actions < 0) or np.any(actions >= len(self.action_names))):
            raise RemissionError(
                f"actions: shape {actions.shape}, dtype {actions.dtype}; valid: integers in "
                f"0..{len(self.action_names) - 1} ({', '.join(self.action_names)}), shape "
                f"({self.num_envs},)")
        obs, rewards, info = self._advance(actions)
        done = np.full(self.num_envs, self.box.done)
        self._autoreset = self.box.done
        return obs, rewards, done, np.zeros(self.num_envs, bool), info
