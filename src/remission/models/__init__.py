"""The model registry: every learning agent, by name.

``get(name)`` returns a :class:`~remission.models.base.Model`; ``names()`` lists them. Each module
of :data:`MODULES` defines its model (and presets, named variants such as the dual-trace
``erasure_only``) and registers them with :func:`register`.
"""

from __future__ import annotations

from remission.models.base import Dims, Model
from remission.registry import Registry

MODULES = (
    "remission.models.rescorla_wagner",
    "remission.models.drug_td",
    "remission.models.latent_cause_agent",
    "remission.models.latent_cause_rw_agent",
    "remission.models.dual_trace",
    "remission.models.state_splitting",
)

REGISTRY: Registry[Model] = Registry("model", MODULES, module_of=lambda m: m.init.__module__)


def register(*models: Model) -> None:
    """Add models to the registry (called at the end of each model module)."""
    for m in models:
        REGISTRY.add(m.name, m)


def names() -> list[str]:
    """Names of all registered models (presets included), in registration order."""
    return REGISTRY.names()


def get(model: str | Model) -> Model:
    """Return a registered model by name (a :class:`Model` passes through)."""
    if isinstance(model, Model):
        return model
    return REGISTRY.get(model)


__all__ = ["Dims", "MODULES", "Model", "get", "names", "register"]
