"""``remission scorecard``: every model against every published finding, with a report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import console, err_console, guard, split_list
from remission.errors import RemissionError


def _parse_overrides(items: list[str] | None) -> dict[str, dict[str, float]]:
    """``["rescorla_wagner.eta=0.3"]`` -> ``{"rescorla_wagner": {"eta": 0.3}}``."""
    out: dict[str, dict[str, float]] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        model, dot, param = name.strip().partition(".")
        try:
            if not (sep and dot and model and param):
                raise ValueError
            out.setdefault(model, {})[param] = float(value)
        except ValueError:
            raise RemissionError(
                f"--param {item!r}: write MODEL.NAME=NUMBER, e.g. --param rescorla_wagner.eta=0.3"
            ) from None
    return out


def scorecard_cmd(
    models: Optional[list[str]] = typer.Option(None, "--models", "-m",
                                               help="Models (repeat or comma-separate); default: all registered."),
    phenomena: Optional[list[str]] = typer.Option(None, "--phenomena", "-p",
                                                  help="Phenomenon ids (repeat or comma-separate); default: all."),
    subjects: int = typer.Option(32, "--subjects", "-n", min=2, help="Subjects per group."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Master random seed."),
    out: Path = typer.Option(Path("scorecard"), "--out", "-o", help="Output directory."),
    param: Optional[list[str]] = typer.Option(None, "--param",
                                              help="MODEL.NAME=VALUE override (repeatable)."),
):
    """Run every phenomenon x model; print the table; write scorecard.csv, report.html, figures
    and per-cell results into OUT."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from remission.scoring import scorecard

    with Progress(TextColumn("[bold]scoring"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} cells"), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err_console, transient=True) as bar:
        task = bar.add_task("", total=None)
        table = scorecard(models=split_list(models), phenomena=split_list(phenomena), n_subjects=subjects,
                          seed=seed, out=out, params=_parse_overrides(param),
                          progress=lambda done, total, label: bar.update(
                              task, completed=done, total=total, description=label))
    print_table(table, console)
    from remission.scoring.verdict import summary

    for row in table[table["note"].str.startswith("error")].itertuples():
        err_console.print(f"[yellow]warning:[/yellow] {row.phenomenon} × {row.model}: {row.note}",
                          highlight=False)

    console.print(summary(table))
    console.print(f"scorecard: [bold]{out / 'scorecard.csv'}[/bold]")
    console.print(f"report:    [bold]{(out / 'report.html').resolve()}[/bold]")


def print_table(table, console) -> None:
    """Phenomena as rows, models as columns: pass/fail and the simulated value.

    In a terminal too narrow for names and values, columns are numbered (legend below) and show
    only the verdict; every value is in scorecard.csv and the report.
    """
    import pandas as pd
    from rich.table import Table

    models = list(dict.fromkeys(table["model"]))
    wide = console.width >= 28 + 16 * len(models)
    grid = Table(title="Phenomena scorecard (✓ pass, ✗ fail, – not applicable"
                       + ("; simulated value)" if wide else ")"))
    grid.add_column("phenomenon", style="bold", no_wrap=True)
    for i, m in enumerate(models, 1):
        grid.add_column(m if wide else str(i), justify="right" if wide else "center")
    for phen, sub in table.groupby("phenomenon", sort=False):
        cells = dict(zip(sub["model"], zip(sub["passed"], sub["simulated"])))
        row = []
        for m in models:
            ok, value = cells.get(m, (pd.NA, float("nan")))
            mark = "[dim]–[/dim]" if pd.isna(ok) else "[green]✓[/green]" if ok else "[red]✗[/red]"
            row.append(f"{mark} {value:.3g}" if wide else mark)
        grid.add_row(phen, *row)
    console.print(grid)
    if not wide:
        console.print("models: " + "; ".join(f"{i} = {m}" for i, m in enumerate(models, 1))
                      + " (values in scorecard.csv and the report)")


def register(app: typer.Typer) -> None:
    """Add ``remission scorecard`` to the CLI."""
    app.command("scorecard")(guard(scorecard_cmd))
