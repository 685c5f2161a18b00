"""Published findings as computable tests (docs/PHENOMENA.md): one module per row.

``names()`` lists the phenomena in docs/PHENOMENA.md order; ``get(id)`` returns a
:class:`~remission.phenomena.base.Phenomenon`. The scorecard (:func:`remission.scorecard`) runs
every model on every phenomenon.
"""

from __future__ import annotations

from collections.abc import Sequence

from remission.errors import RemissionError
from remission.phenomena.base import MODULES, REGISTRY, TAGS, Phenomenon, Score


def names(outside: bool = False) -> list[str]:
    """The ids of docs/PHENOMENA.md's findings, in its order; with ``outside``, followed by the
    findings outside that table (tag ``outside``)."""
    return [n for n in REGISTRY.names() if outside or REGISTRY.get(n).tag != "outside"]


def select(spec: str | Sequence[str] | None, where: str = "--phenomena") -> tuple[str, ...]:
    """Finding ids from tags (``use``, ``remission``, ``outside``), ``all`` (the table's
    findings) or ids, as a list or a comma-separated string, in registry order; an unknown name is
    refused, naming the valid ones."""
    known = names(outside=True)
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec or ())
             if str(s).strip()]
    chosen: set[str] = set()
    for item in items:
        if item == "all":
            chosen |= set(names())
        elif item in TAGS:
            chosen |= {p for p in known if REGISTRY.get(p).tag == item}
        elif item in known:
            chosen.add(item)
        else:
            raise RemissionError(f"{where}: {item!r} is neither a tag nor a finding; valid: "
                                 f"{', '.join(('all',) + TAGS)} or finding ids {', '.join(known)}")
    return tuple(p for p in known if p in chosen)


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


__all__ = ["MODULES", "Phenomenon", "Score", "get", "names", "select", "simulated_readouts"]
