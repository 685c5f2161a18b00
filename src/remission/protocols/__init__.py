"""Protocols as data: the schema, and the one library of named paradigms.

``get(name, **overrides)`` builds a registered paradigm, ``names()`` lists them, ``resolve(spec)``
turns any description of an experiment (a Protocol, a name, a :class:`Paradigm`, a TOML file or
table) into a :class:`Protocol`.
"""

from remission.protocols.library import Paradigm, citation, factory, get, names, paradigm, resolve
from remission.protocols.schema import (
    ACTIONS,
    Duration,
    Intervention,
    Option,
    Outcome,
    PavlovianTrial,
    Phase,
    Protocol,
    Schedule,
)

__all__ = [
    "ACTIONS", "Duration", "Intervention", "Option", "Outcome", "Paradigm", "PavlovianTrial",
    "Phase", "Protocol", "Schedule", "citation", "factory", "get", "names", "paradigm", "resolve",
]
