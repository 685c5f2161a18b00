"""Any agent can be the rat: every remission protocol as a Gymnasium environment.

``remission.gym.make("renewal_aba", **overrides)``, ``gymnasium.make("remission/RenewalABA-v0")``
(after ``import remission.gym``) and ``remission.gym.from_protocol(protocol_or_toml)`` give a
:class:`RemissionEnv`; ``make_vec`` / ``gymnasium.make_vec`` the JAX-native
:class:`RemissionVectorEnv`. The environment is the engine's own box (schedules, time-outs,
outcomes, random streams), stepped one action at a time; docs/GYM.md has the guide. Needs the
optional ``gym`` extra (``pip install "remission[gym]"``).

The interface is Gymnasium's (Towers et al. 2024, arXiv:2407.17032): ``reset(seed=...)``,
``step(action) -> (observation, reward, terminated, truncated, info)``.
"""

try:
    import gymnasium  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError('remission.gym needs gymnasium: pip install "remission[gym]"') from exc

from remission.gym.env import RemissionEnv
from remission.gym.registration import (env_id, env_ids, from_protocol, make, make_vec,
                                        register_all)
from remission.gym.spaces import DEFAULT_WEIGHTS
from remission.gym.vector import RemissionVectorEnv

register_all()

__all__ = ["DEFAULT_WEIGHTS", "RemissionEnv", "RemissionVectorEnv", "env_id", "env_ids",
           "from_protocol", "make", "make_vec", "register_all"]
