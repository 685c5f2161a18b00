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


def input_file(path, what: str = "data file"):
    """``path`` as a :class:`~pathlib.Path` once it is known to be a readable file; otherwise the
    error says which of "does not exist", "is a directory" or "cannot be read" applies."""
    import os
    from pathlib import Path

    path = Path(path)
    if path.is_dir():
        raise RemissionError(f"{what} {str(path)!r} is a directory; give a file inside it")
    if not path.exists():
        raise RemissionError(f"{what} {str(path)!r} does not exist")
    if not path.is_file():
        raise RemissionError(f"{what} {str(path)!r} is not a regular file")
    if not os.access(path, os.R_OK):
        raise RemissionError(f"{what} {str(path)!r} cannot be read (permission denied)")
    return path


def read_text(path, what: str = "file") -> str:
    """The text of a UTF-8 text file, sniffed first: a binary file (a NUL byte or bytes that are not
    UTF-8) is refused with a clear error instead of a ``UnicodeDecodeError``."""
    path = input_file(path, what)
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise RemissionError(f"{what} {str(path)!r} is not a text file (binary content: a NUL byte at "
                             f"byte {nul}); give a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RemissionError(f"{what} {str(path)!r} is not a UTF-8 text file (byte {exc.start} is "
                             f"0x{data[exc.start]:02x}); give a UTF-8 text file") from None


def read_toml(path, what: str = "file", kind: str = "valid TOML") -> dict:
    """The table of a TOML file, read with :func:`read_text` (missing, directory, binary and
    non-UTF-8 files refused clearly); a syntax error is ``"{path}: not {kind} (...)"``."""
    import tomllib

    text = read_text(path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RemissionError(f"{path}: not {kind} ({exc})") from None
