"""What every command shares: the consoles, the error guard, and parsers of repeated options."""

from __future__ import annotations

import functools
import sys

from rich.console import Console

from remission.errors import RemissionError

console = Console()
err_console = Console(stderr=True)


def report_error(exc: RemissionError) -> None:
    """Print a RemissionError as one clear line (no traceback)."""
    err_console.print(f"[red]error:[/red] {exc}", highlight=False)


def guard(fn):
    """Turn a :class:`RemissionError` raised by a command into its message and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RemissionError as exc:
            report_error(exc)
            sys.exit(2)

    return wrapper


def parse_params(items: list[str] | None) -> dict[str, float]:
    """``["eta=0.2", "beta=5"]`` -> ``{"eta": 0.2, "beta": 5.0}``."""
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise RemissionError(f"--param {item!r}: write NAME=NUMBER, e.g. --param eta=0.2") from None
    return out


def parse_mapping(items: list[str] | None, what: str) -> dict[str, str]:
    """``["drug=V"]`` -> ``{"drug": "V"}`` (``what`` names the option in errors)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise RemissionError(f"{what} {item!r}: write KEY=VALUE, e.g. drug=V")
        out[key.strip()] = value.strip()
    return out


def split_list(values: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated option values as one list (None when none were given)."""
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]
