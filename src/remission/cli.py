"""The ``remission`` command line.

Core commands live here; each capability adds its commands from its own module, listed in
:data:`_EXTENSIONS` (a module exposing ``register(app)``). Every :class:`RemissionError` is printed
without a traceback and exits with status 2.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from remission.errors import RemissionError

app = typer.Typer(
    name="remission",
    help="An in-silico preclinical lab for addiction and recovery: erasure versus competition.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

#: Modules that add commands: each exposes ``register(app)``.
_EXTENSIONS: tuple[str, ...] = ("remission.cli_scale", "remission.cli_lcm", "remission.cli_scorecard", "remission.cli_fit")


def _version(value: bool):
    if value:
        from remission import __version__

        console.print(f"remission {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    """remission: simulate, score and fit models of addiction and remission."""


@app.command("protocols")
def list_protocols():
    """List the registered paradigms with the papers they follow."""
    from remission import protocols

    table = Table(title="Protocols")
    table.add_column("name", style="bold")
    table.add_column("steps", justify="right")
    table.add_column("source")
    for name in protocols.names():
        table.add_row(name, str(protocols.get(name).n_steps), protocols.citation(name))
    console.print(table)


@app.command("models")
def list_models():
    """List the registered models with their parameters."""
    from remission import models

    table = Table(title="Models")
    table.add_column("name", style="bold")
    table.add_column("summary")
    table.add_column("parameters (default)")
    table.add_column("source")
    for name in models.names():
        m = models.get(name)
        ps = ", ".join(f"{p.name}={p.default:g}" for p in m.params)
        table.add_row(name, m.summary, ps, m.citation)
    console.print(table)


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


@app.command("simulate")
def simulate_cmd(
    protocol: str = typer.Argument(..., help="Registry name or path to a protocol TOML file."),
    model: str = typer.Option("rescorla_wagner", "--model", "-m", help="Model name."),
    subjects: int = typer.Option(100, "--subjects", "-n", min=1, help="Number of subjects."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Master random seed."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Directory for Parquet + JSON."),
    param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="NAME=VALUE (repeatable)."),
    chunk: int = typer.Option(250, "--chunk", help="Subjects per compiled batch."),
):
    """Simulate SUBJECTS virtual subjects of MODEL through PROTOCOL and summarise each phase."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from remission import simulate

    params = parse_params(param)
    with Progress(TextColumn("[bold]simulating"), BarColumn(), TextColumn("{task.completed}/{task.total} subjects"),
                  TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("sim", total=subjects)
        result = simulate(model, protocol, n_subjects=subjects, params=params, seed=seed,
                          chunk_size=chunk,
                          progress=lambda done, total: bar.update(task, completed=done, total=total))
    print_summary(result, title=f"{result.config['model']} on {', '.join(result.config['protocols'])}")
    if out is not None:
        result.save(out)
        console.print(f"results written to [bold]{out}[/bold] (trials.parquet, params.parquet, result.json)")


def print_summary(result, title: str) -> None:
    """Per-phase summary table of a SimulationResult."""
    summary = result.summary()
    summary = summary.loc[:, [c for c in summary.columns
                              if c in ("group", "phase") or summary[c].abs().sum() > 0]]
    table = Table(title=title)
    for col in summary.columns:
        table.add_column(col, justify="left" if col in ("group", "phase") else "right")
    for row in summary.itertuples(index=False):
        table.add_row(*[f"{v:.3g}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)


for _module in _EXTENSIONS:
    importlib.import_module(_module).register(app)


def run() -> None:  # pragma: no cover - console entry point
    """Entry point: run the app, printing RemissionErrors without a traceback (exit status 2)."""
    try:
        app()
    except RemissionError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
