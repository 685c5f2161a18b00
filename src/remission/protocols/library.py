"""The one library of named paradigms.

Each paradigm is a factory returning a :class:`~remission.protocols.schema.Protocol`; its keyword
arguments are the overrides ``get(name, **overrides)`` accepts, and its docstring's ``Source:``
line cites the paper whose procedure it follows. Factories live in the modules of :data:`MODULES`
and register with ``@paradigm("name")``.

Everything that takes an experiment (``remission.simulate``, the scorecard's groups, sweeps,
fitting designs) takes any of the forms :func:`resolve` accepts: a :class:`Protocol`, a registered
name, a :class:`Paradigm` (a name plus overrides), a TOML file, or a TOML-style table.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from remission.errors import RemissionError, unknown_name
from remission.protocols.schema import Protocol
from remission.registry import Registry

MODULES = (
    "remission.protocols.relapse",
    "remission.protocols.choice",
    "remission.protocols.addiction",
    "remission.protocols.retrieval",
    "remission.protocols.tasks",
    "remission.protocols.lifecourse",
)

REGISTRY: Registry[Callable[..., Protocol]] = Registry("protocol", MODULES,
                                                      module_of=lambda f: f.__module__)


def paradigm(name: str):
    """Decorator registering a protocol factory under ``name``."""
    return REGISTRY.register(name)


def names() -> list[str]:
    """Registered paradigm names, sorted."""
    return sorted(REGISTRY.names())


def factory(name: str) -> Callable[..., Protocol]:
    """The factory registered as ``name``."""
    return REGISTRY.get(name)


def citation(name: str) -> str:
    """The factory docstring's ``Source:`` line (the paper it follows)."""
    doc = inspect.getdoc(factory(name)) or ""
    for line in doc.splitlines():
        if line.startswith("Source:"):
            return line.removeprefix("Source:").strip()
    return ""


def get(name: str, **overrides) -> Protocol:
    """Build the registered paradigm ``name`` with keyword ``overrides`` (see its docstring)."""
    make = factory(name)
    valid = inspect.signature(make).parameters
    for key in overrides:
        if key not in valid:
            raise unknown_name(f"override of protocol {name!r}", key, valid)
    try:
        return make(**overrides)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, RemissionError):
            raise
        raise RemissionError(f"protocol {name!r} with overrides {overrides}: {exc}") from None


@dataclass(frozen=True)
class Paradigm:
    """A registered paradigm and its overrides, built on demand (:meth:`build`).

    Examples
    --------
    >>> Paradigm("renewal_aba", {"pavlovian": True}).build().name
    'renewal_aba'
    """

    name: str
    overrides: Mapping = field(default_factory=dict)

    def build(self) -> Protocol:
        return get(self.name, **dict(self.overrides))


def resolve(spec, base: str | Path | None = None, where: str = "protocol") -> Protocol:
    """Turn any description of an experiment into a :class:`Protocol`.

    Parameters
    ----------
    spec : Protocol, Paradigm, str, Path or mapping
        A Protocol (returned as is); a :class:`Paradigm`; a registered name; a path to a TOML
        file (``.toml``, or any existing file); or a TOML-style table: ``{"name": paradigm,
        **overrides}`` or a full protocol with ``phases``.
    base : path, optional
        Folder that relative TOML paths are read from (e.g. the folder of a config file).
    where : str
        What the spec is, for error messages.
    """
    if isinstance(spec, Protocol):
        return spec
    if isinstance(spec, Paradigm):
        return spec.build()
    if isinstance(spec, (str, Path)):
        text = str(spec)
        path = Path(text)
        if base is not None and not path.is_absolute():
            path = Path(base) / path
        if text.endswith(".toml") or path.is_file():
            return Protocol.from_toml(path)
        return get(text)
    if isinstance(spec, Mapping):
        if "phases" in spec:
            return Protocol.parse(dict(spec), source=where)
        overrides = dict(spec)
        name = overrides.pop("name", None)
        if not isinstance(name, str):
            raise RemissionError(
                f"{where}: give `name` (a registered paradigm) with its overrides, or `phases` for "
                f"an inline protocol; got keys {sorted(spec)}")
        return get(name, **overrides)
    raise RemissionError(f"{where} must be a Protocol, a registered paradigm name, a Paradigm, a "
                         f"TOML path or a table, not {type(spec).__name__}")
