"""Errors a researcher sees: each names the field, the bad value and what would be valid."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class RemissionError(ValueError):
    """Invalid input to remission (protocol, model, parameters or data).

    The CLI prints these without a traceback and exits with status 2.
    """


def unknown_name(kind: str, name: str, known: Iterable[str]) -> RemissionError:
    """Build the error for an unknown registry name, with a "did you mean" suggestion."""
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return RemissionError(
        f"unknown {kind} {name!r}.{hint} Known {kind}s: {', '.join(known)}."
    )
