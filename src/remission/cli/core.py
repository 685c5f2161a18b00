"""Core commands: ``protocols``, ``models`` and ``simulate``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from remission.cli.common import OutputDir, Progress, console, force_option, guard, parse_params


def register(app: typer.Typer) -> None:
    """Add the core commands to ``app``."""
    app.command("protocols")(list_protocols)
    app.command("models")(list_models)
    app.command("simulate")(guard(simulate_cmd))


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


def list_models():
    """List the registered models with their parameters."""
    from remission import models

    if console.width < 120:  # one block per model: readable at 80 columns
        for name in models.names():
            m = models.get(name)
            console.print(f"[bold]{name}[/bold] — {m.summary}", highlight=False)
            console.print("  parameters (default): " + ", ".join(f"{p.name}={p.default:g}" for p in m.params),
                          highlight=False)
            console.print(f"  source: {m.citation}", highlight=False)
        return
    table = Table(title="Models")
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("summary")
    table.add_column("parameters (default)")
    table.add_column("source")
    for name in models.names():
        m = models.get(name)
        ps = ", ".join(f"{p.name}={p.default:g}" for p in m.params)
        table.add_row(name, m.summary, ps, m.citation)
    console.print(table)


def simulate_cmd(
    protocol: str = typer.Argument(..., help="Registry name or path to a protocol TOML file."),
    model: str = typer.Option("rescorla_wagner", "--model", "-m", help="Model name."),
    subjects: int = typer.Option(100, "--subjects", "-n", min=1, help="Number of subjects."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Master random seed."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Directory for Parquet + JSON."),
    param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="NAME=VALUE (repeatable)."),
    chunk: int = typer.Option(250, "--chunk", help="Subjects per compiled batch (a positive integer)."),
    force: bool = force_option(),
):
    """Simulate SUBJECTS virtual subjects of MODEL through PROTOCOL and summarise each phase."""
    from remission.engine import simulate

    params = parse_params(param)
    target = OutputDir(out, force) if out is not None else None
    with Progress("simulating", "subjects") as progress:
        result = simulate(model, protocol, n_subjects=subjects, params=params, seed=seed,
                          chunk_size=chunk, progress=progress)
    print_summary(result, title=f"{result.config['model']} on {', '.join(result.config['protocols'])}")
    if target is not None:
        result.save(out)
        target.done()
        console.print(f"results written to [bold]{out}[/bold] (trials.parquet, params.parquet, result.json)")


def print_summary(result, title: str) -> None:
    """Per-phase summary table of a SimulationResult (see :meth:`SimulationResult.summary` for
    what each column is); headers break at ``_`` so the table fits 80 columns."""
    summary = result.summary()
    summary = summary.loc[:, [c for c in summary.columns
                              if c in ("group", "phase") or summary[c].abs().sum() > 0]]
    if summary["group"].nunique() == 1:
        summary = summary.drop(columns="group")
    table = Table(title=title)
    for col in summary.columns:
        if col in ("group", "phase"):
            table.add_column(col, justify="left", no_wrap=True)
        else:
            table.add_column(col.replace("_", "\n"), justify="right")
    for row in summary.itertuples(index=False):
        table.add_row(*[f"{v:.3g}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
