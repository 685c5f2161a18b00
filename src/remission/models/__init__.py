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


def engine_form(model: Model) -> tuple[Model, dict[str, float]]:
    """The model to compile and the values that make it ``model``.

    A preset (:meth:`Model.preset`) runs as its registered base model with the preset's fixed
    values, so every preset of a model shares one compiled program. Anything else, including a
    variant whose functions differ from its base's, runs as itself.
    """
    base = REGISTRY.get(model.base) if model.base is not None and model.base in REGISTRY else None
    same = base is not None and all(getattr(base, f) is getattr(model, f)
                                    for f in ("init", "prepare", "policy", "update"))
    return (base, dict(model.fixed)) if same else (model, {})


__all__ = ["Dims", "MODULES", "Model", "engine_form", "get", "names", "register"]
