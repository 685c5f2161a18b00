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


def simulated_readouts(phen: Phenomenon, model) -> tuple[str, ...]:
    """The read-outs to simulate for ``phen`` with ``model``: those ``phen`` scores, plus every
    read-out that any registered finding scores and ``model`` has.

    Read-outs are part of a compiled program's shape, so asking every finding's simulation for
    the same ones lets findings with the same protocol shape share one program (the scorecard
    and the calibration compile fewer programs); an extra per-session mean costs next to nothing.
    """
    scored = {r for name in names() for r in get(name).readouts}
    return tuple(sorted(set(phen.readouts) | (scored & set(model.readouts))))


__all__ = ["MODULES", "Phenomenon", "Score", "get", "names", "simulated_readouts"]
