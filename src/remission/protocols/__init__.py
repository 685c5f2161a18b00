"""Protocols as data: the schema, the registry of canonical paradigms, and compilation to arrays."""

from remission.protocols.registry import citation, get, names, paradigm
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
from remission.protocols import retrieval  # noqa: F401,E402  (registers retrieval_extinction)

__all__ = [
    "ACTIONS", "Duration", "Intervention", "Option", "Outcome", "PavlovianTrial", "Phase",
    "Protocol", "Schedule", "citation", "get", "names", "paradigm",
]
from remission.protocols import addiction  # noqa: F401,E402
