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


class Progress:
    """Progress of a long command on stderr: a rich bar in a terminal, plain lines with the
    elapsed time and an ETA when piped (so a log shows how far a run got).

    Use as a context manager; call it as ``progress(done, total, label)``.
    """

    def __init__(self, what: str, unit: str):
        import sys
        import time

        self.what, self.unit = what, unit
        self.tty = sys.stderr.isatty()
        self.t0 = time.perf_counter()
        self._bar = self._task = None
        self._last = -1.0

    def __enter__(self):
        if self.tty:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._bar = Bar(TextColumn(f"[bold]{self.what}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn(self.unit), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.description}"),
                            console=err_console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=None)
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def __call__(self, done: int, total: int, label: str = "") -> None:
        import time

        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, description=label)
            return
        now = time.perf_counter() - self.t0
        if done < total and now - self._last < 5.0:  # at most a line every 5 s when piped
            return
        self._last = now
        eta = now / done * (total - done) if done else float("nan")
        err_console.print(f"{self.what}: {done}/{total} {self.unit}, {now:.0f} s elapsed, "
                          f"ETA {eta:.0f} s — {label}", highlight=False, soft_wrap=True)
