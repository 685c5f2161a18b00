"""The ``remission`` command line.

Each command group lives in its own module of this package (:data:`COMMANDS`, each exposing
``register(app)``). Heavy libraries are imported inside the commands, so ``remission --help`` stays
fast. Every :class:`~remission.errors.RemissionError` is printed as one line, exit status 2.
"""

from __future__ import annotations

import importlib
import sys

import typer

from remission.cli.common import console, err_console, report_error
from remission.errors import RemissionError

app = typer.Typer(
    name="remission",
    help="An in-silico preclinical lab for addiction and recovery: erasure versus competition.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Modules that add commands, in help order.
COMMANDS = ("remission.cli.core", "remission.cli.scale", "remission.cli.scorecard",
            "remission.cli.fitting", "remission.cli.calibration", "remission.cli.designer",
            "remission.cli.lifecourse")


def _version(value: bool):
    if value:
        from remission._version import __version__

        console.print(f"remission {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    """remission: simulate, score and fit models of addiction and remission."""


for _module in COMMANDS:
    importlib.import_module(_module).register(app)


def run() -> None:  # pragma: no cover - console entry point
    """Entry point: run the app, printing RemissionErrors without a traceback (exit status 2)."""
    try:
        app()
    except RemissionError as exc:
        report_error(exc)
        sys.exit(2)


__all__ = ["app", "console", "err_console", "run"]
