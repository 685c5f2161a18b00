"""Names: every registered paradigm as a Gymnasium id, and the constructors behind them.

``remission.protocols.names()`` gives the paradigms; paradigm ``renewal_aba`` is registered as
``remission/RenewalABA-v0`` (words capitalised, context designs such as ``aba`` in capitals), with
the single environment from :func:`make` and the vectorised one from :func:`make_vec`, so
``gymnasium.make(id, **overrides)`` and ``gymnasium.make_vec(id, num_envs=n)`` work once
``remission.gym`` is imported (or with the id written ``"remission.gym:remission/RenewalABA-v0"``).
"""

from __future__ import annotations

import gymnasium

from remission import protocols
from remission.errors import unknown_name
from remission.gym.env import RemissionEnv
from remission.gym.vector import RemissionVectorEnv

NAMESPACE = "remission"
#: Words of paradigm names written in capitals in ids: the context sequences of renewal designs.
ACRONYMS = frozenset({"aaa", "aab", "aba", "abc"})
#: Keyword arguments the environments take; every other keyword is a paradigm override.
ENV_KWARGS = ("subject", "group", "dtype", "reward_weights", "render_mode")


def env_id(paradigm: str) -> str:
    """``"renewal_aba"`` -> ``"remission/RenewalABA-v0"``."""
    words = (w.upper() if w in ACRONYMS else w.capitalize() for w in paradigm.split("_"))
    return f"{NAMESPACE}/{''.join(words)}-v0"


def env_ids() -> dict[str, str]:
    """``{Gymnasium id: paradigm}`` for every registered paradigm."""
    return {env_id(name): name for name in protocols.names()}


def paradigm_of(name: str) -> str:
    """A paradigm name from itself or its Gymnasium id."""
    ids = env_ids()
    if name in ids:
        return ids[name]
    if name in ids.values():
        return name
    raise unknown_name("paradigm", name, sorted(ids.values()) + sorted(ids))


def _split(kwargs: dict) -> tuple[dict, dict]:
    env = {k: kwargs.pop(k) for k in ENV_KWARGS if k in kwargs}
    return env, kwargs


def make(paradigm: str, **kwargs) -> RemissionEnv:
    """The environment of a registered paradigm (or its id) with paradigm overrides.

    Keywords in :data:`ENV_KWARGS` configure the environment (:class:`RemissionEnv`); the others
    are the paradigm's overrides (``protocols.get(paradigm, **overrides)``), e.g.
    ``make("renewal_aba", training_sessions=3, bin="60 s", reward_weights={"shock": -2})``.
    """
    env_kwargs, overrides = _split(kwargs)
    return RemissionEnv(protocols.get(paradigm_of(paradigm), **overrides), **env_kwargs)


def make_vec(paradigm: str, num_envs: int = 1, **kwargs) -> RemissionVectorEnv:
    """The vectorised environment (:class:`RemissionVectorEnv`) of a registered paradigm."""
    env_kwargs, overrides = _split(kwargs)
    return RemissionVectorEnv(protocols.get(paradigm_of(paradigm), **overrides), num_envs,
                              **env_kwargs)


def from_protocol(protocol, num_envs: int | None = None, **env_kwargs):
    """The environment of any protocol: a :class:`~remission.protocols.Protocol`, a TOML path, a
    :class:`~remission.protocols.Paradigm` or a registered name (no overrides: put them in the
    Paradigm). With ``num_envs``, the vectorised environment."""
    if num_envs is None:
        return RemissionEnv(protocols.resolve(protocol), **env_kwargs)
    return RemissionVectorEnv(protocols.resolve(protocol), num_envs, **env_kwargs)


def register_all() -> None:
    """Register every paradigm with Gymnasium (idempotent)."""
    for gym_id, name in env_ids().items():
        if gym_id not in gymnasium.registry:
            gymnasium.register(gym_id, entry_point="remission.gym.registration:make",
                               vector_entry_point="remission.gym.registration:make_vec",
                               kwargs={"paradigm": name}, disable_env_checker=False)
