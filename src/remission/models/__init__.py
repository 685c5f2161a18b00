"""The model registry: every learning agent, by name.

``get(name)`` returns a :class:`~remission.models.base.Model`; ``names()`` lists them. Each entry
of :data:`_MODULES` is a module exposing ``MODEL`` (and optionally ``PRESETS``, a tuple of models
derived from it, such as the dual-trace ``erasure_only`` preset).
"""

from __future__ import annotations

import importlib

from remission.errors import unknown_name
from remission.models.base import Dims, Model

_MODULES = (
    "rescorla_wagner",
    "drug_td",
    "latent_cause",
    "latent_cause_rw",
    "dual_trace",
    "state_splitting",
)

_REGISTRY: dict[str, Model] | None = None


def _registry() -> dict[str, Model]:
    global _REGISTRY
    if _REGISTRY is None:
        reg = {}
        for mod_name in _MODULES:
            mod = importlib.import_module(f"remission.models.{mod_name}")
            for model in (mod.MODEL, *getattr(mod, "PRESETS", ())):
                reg[model.name] = model
        _REGISTRY = reg
    return _REGISTRY


def names() -> list[str]:
    """Names of all registered models (presets included)."""
    return list(_registry())


def get(model: str | Model) -> Model:
    """Return a registered model by name (a :class:`Model` passes through)."""
    if isinstance(model, Model):
        return model
    reg = _registry()
    if model not in reg:
        raise unknown_name("model", str(model), reg)
    return reg[model]


__all__ = ["Dims", "Model", "get", "names"]
