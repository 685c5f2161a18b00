"""What every command shares: the consoles, the error guard, and parsers of repeated options."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from rich.console import Console

from remission.errors import RemissionError

console = Console()
err_console = Console(stderr=True)


def report_error(exc: RemissionError) -> None:
    """Print a RemissionError as one clear line (no traceback)."""
    err_console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)


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
            if not sep or not name.strip():
                raise ValueError
            number = float(value)
        except ValueError:
            raise RemissionError(f"--param {item!r}: write NAME=NUMBER, e.g. --param eta=0.2") from None
        name = name.strip()
        if name in out:
            raise RemissionError(f"--param {name} is given twice ({name}={out[name]:g} and {item}); "
                                 "give each parameter once")
        out[name] = number
    return out


def parse_mapping(items: list[str] | None, what: str) -> dict[str, str]:
    """``["drug=V"]`` -> ``{"drug": "V"}`` (``what`` names the option in errors)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise RemissionError(f"{what} {item!r}: write KEY=VALUE, e.g. drug=V")
        if key.strip() in out:
            raise RemissionError(f"{what} {key.strip()} is given twice ({key.strip()}={out[key.strip()]} "
                                 f"and {item}); give each once")
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

    #: When piped, a run shorter than this prints no progress line at all.
    QUIET_SECONDS = 2.0
    #: When piped, the last state is repeated after this long without news (a long fit or a
    #: compile still shows it is alive).
    HEARTBEAT_SECONDS = 15.0

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
        else:
            import threading

            self._state = (0, 0, "")
            self._stop = threading.Event()
            self._beat = threading.Thread(target=self._heartbeat, daemon=True)
            self._beat.start()
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        else:
            self._stop.set()

    def _heartbeat(self) -> None:
        import time

        while not self._stop.wait(1.0):
            now = time.perf_counter() - self.t0
            if now - max(self._last, 0.0) >= self.HEARTBEAT_SECONDS:
                self._print(*self._state, now)

    def __call__(self, done: int, total: int, label: str = "") -> None:
        import time

        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, description=label)
            return
        now = time.perf_counter() - self.t0
        self._state = (done, total, label)
        # piped: nothing for runs shorter than 2 s, then a line at most every 5 s, and the last one
        if now < self.QUIET_SECONDS and self._last < 0 or (done < total and 0 <= self._last and now - self._last < 5.0):
            return
        self._print(done, total, label, now)

    def _print(self, done, total, label, now) -> None:
        self._last = now
        eta = f"ETA {now / done * (total - done):.0f} s" if done and total else "ETA unknown"
        of = f"{done}/{total}" if total else f"{done}"
        err_console.print(f"{self.what}: {of} {self.unit}, {now:.0f} s elapsed, {eta}"
                          + (f" — {label}" if label else ""), highlight=False, soft_wrap=True)


#: The file in an output directory listing what the command wrote there (so that ``--force``
#: removes exactly an earlier run's results and never a file the user put there).
OUTPUTS_RECORD = ".remission-outputs.json"


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and p.name != OUTPUTS_RECORD}


def writable_dir(path: Path | str, option: str = "--out") -> Path:
    """``path`` once it is known that a directory can be created or written there: not an
    existing file, not under a file, in a place this user may write."""
    import os

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise RemissionError(f"{option} {str(path)!r} is an existing file; give a directory "
                             "(created if missing)")
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise RemissionError(f"{option} {str(path)!r}: {str(probe)!r} is a file, not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise RemissionError(f"{option} {str(path)!r}: cannot write in {str(probe)!r} "
                             "(permission denied); choose a writable directory")
    return path


class OutputDir:
    """An output directory checked before any work is done.

    Refused with one clear line: a path that is an existing file (or lies under one), a place
    that cannot be written, and -- unless ``force`` -- a directory that already holds files.
    With ``force`` the files an earlier run recorded there are removed first, so the folder never
    mixes results of two runs; :meth:`done` records what this run wrote. With ``resume`` the
    directory is the run being continued: nothing is refused or removed.
    """

    def __init__(self, path: Path | str, force: bool = False, option: str = "--out",
                 resume: bool = False):
        self.path = path = writable_dir(path, option)
        before = _files(path) if path.is_dir() else {}
        if resume:  # continue the run there: delete nothing; its files stay recorded as ours
            self._before = {k: t for k, t in before.items() if k not in self._recorded(path)}
            return
        if before and not force:
            shown = ", ".join(sorted(before)[:3]) + (", ..." if len(before) > 3 else "")
            raise RemissionError(f"{option} {str(path)!r} already holds {len(before)} file(s) ({shown}); "
                                 "pass --force to replace an earlier run's results there, or choose "
                                 "another directory")
        if before:
            root, emptied = path.resolve(), set()
            for name in self._recorded(path):
                target = (path / name).resolve()
                if target.is_file() and root in target.parents:
                    target.unlink()
                    emptied |= {d for d in target.parents if root in d.parents}
            for folder in sorted(emptied, key=lambda d: len(d.parts), reverse=True):
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
            before = _files(path)
        self._before = before

    @staticmethod
    def _recorded(path: Path) -> list[str]:
        """The files an earlier run recorded in ``path``."""
        import json

        record = path / OUTPUTS_RECORD
        try:
            return list(json.loads(record.read_text()).get("files", [])) if record.is_file() else []
        except (ValueError, OSError, AttributeError, TypeError):
            return []

    def done(self) -> None:
        """Record the files this run wrote (new or rewritten since the check)."""
        import json

        if not self.path.is_dir():
            return
        now = _files(self.path)
        mine = sorted(k for k, t in now.items() if self._before.get(k) != t)
        (self.path / OUTPUTS_RECORD).write_text(json.dumps({"files": mine}, indent=1) + "\n")


def force_option():
    """The ``--force`` option every command that writes an output directory takes."""
    import typer

    return typer.Option(False, "--force", help="Replace an earlier run's results in --out "
                        "(default: refuse a directory that already holds files).")
