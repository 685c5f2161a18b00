"""One small registry type for every kind of named thing: models, paradigms, phenomena.

A :class:`Registry` maps names to items. Items register themselves when their module is imported
(``REGISTRY.add(name, item)`` or the :meth:`Registry.register` decorator); a registry lists the
modules that hold its items and imports them the first time it is asked for a name, so importing
the registry itself is cheap. Names are listed in the order of those modules (then in registration
order), whichever module happened to be imported first. Unknown names get a "did you mean" error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

from remission.errors import unknown_name

T = TypeVar("T")


class Registry(Generic[T]):
    """Named items of one kind, in registration order.

    Parameters
    ----------
    kind : str
        What the items are ("model", "protocol", "phenomenon"), for error messages.
    modules : sequence of str
        Modules whose import registers the items, imported in this order on first use.
    module_of : callable, optional
        ``item -> name of the module that defines it``; ``names()`` follows the order of
        ``modules`` through it (default: registration order only).
    """

    def __init__(self, kind: str, modules: Sequence[str] = (),
                 module_of: Callable[[T], str] | None = None):
        self.kind = kind
        self._modules = tuple(modules)
        self._module_of = module_of
        self._items: dict[str, T] = {}
        self._loaded = False
        self._loading = False

    def add(self, name: str, item: T) -> T:
        """Register ``item`` under ``name``.

        While the registry loads its own modules a name may be registered once only (two modules
        claiming one name is a bug); afterwards a registration replaces the earlier item (a user's
        own paradigm, a reloaded module).
        """
        if self._loading and name in self._items:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._items[name] = item
        return item

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator form of :meth:`add`."""
        return lambda item: self.add(name, item)

    def _load(self) -> None:
        if self._loaded or self._loading:
            return
        self._loading = True
        try:
            for module in self._modules:
                importlib.import_module(module)
            self._loaded = True
        finally:
            self._loading = False

    def get(self, name: str) -> T:
        """The item called ``name``; a :class:`~remission.errors.RemissionError` if unknown."""
        self._load()
        if name not in self._items:
            raise unknown_name(self.kind, str(name), self._items)
        return self._items[name]

    def names(self) -> list[str]:
        """Registered names: in the order of the registry's modules, then of registration."""
        self._load()
        if self._module_of is None:
            return list(self._items)
        rank = {m: i for i, m in enumerate(self._modules)}
        order = {name: i for i, name in enumerate(self._items)}
        return sorted(self._items, key=lambda n: (rank.get(self._module_of(self._items[n]),
                                                           len(rank)), order[n]))

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())
