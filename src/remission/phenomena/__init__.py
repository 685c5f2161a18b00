"""Published findings as computable tests (docs/PHENOMENA.md): one module per row.

``names()`` lists the phenomena in docs/PHENOMENA.md order; ``get(id)`` returns a
:class:`~remission.phenomena.base.Phenomenon`. The scorecard (:func:`remission.scorecard`) runs
every model on every phenomenon.
"""

from __future__ import annotations

from remission.phenomena.base import MODULES, REGISTRY, Phenomenon, Score


def names() -> list[str]:
    """Registered phenomenon ids, in docs/PHENOMENA.md order."""
    return REGISTRY.names()


def get(name: str | Phenomenon) -> Phenomenon:
    """A registered phenomenon by id (a :class:`Phenomenon` passes through)."""
    if isinstance(name, Phenomenon):
        return name
    return REGISTRY.get(name)


__all__ = ["MODULES", "Phenomenon", "Score", "get", "names"]
