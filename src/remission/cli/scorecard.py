"""``remission scorecard``: every model against every published finding, replicated, with a report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import (OutputDir, Progress, console, err_console, force_option, guard,
                                  parse_mapping, split_list)
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
            number = float(value)
        except ValueError:
            raise RemissionError(
                f"--param {item!r}: write MODEL.NAME=NUMBER, e.g. --param rescorla_wagner.eta=0.3"
            ) from None
        if param in out.get(model, {}):
            raise RemissionError(f"--param {model}.{param} is given twice; give each parameter once")
        out.setdefault(model, {})[param] = number
    return out


def read_populations(items: list[str] | None) -> dict:
    """``--population FILE`` (the file names its model) or ``--population MODEL=FILE``."""
    from remission.params import read_population

    out = {}
    for item in items or []:
        model, sep, path = item.partition("=")
        path = path if sep else model
        population, meta = read_population(Path(path))
        name = model if sep else meta.get("model")
        if not name:
            raise RemissionError(f"--population {item!r}: the file names no `model`; write "
                                 "--population MODEL=FILE")
        out[name] = population
    return out


def scorecard_cmd(
    models: Optional[list[str]] = typer.Option(None, "--models", "-m",
                                               help="Models (repeat or comma-separate); default: all registered."),
    phenomena: Optional[list[str]] = typer.Option(None, "--phenomena", "-p",
                                                  help="Phenomenon ids or tags (use, remission, outside: findings not in docs/PHENOMENA.md), repeat or comma-separate; default: the 18 of docs/PHENOMENA.md."),
    subjects: int = typer.Option(100, "--subjects", "-n", min=2,
                                 help="Subjects per group in each replicate experiment."),
    replicates: int = typer.Option(10, "--replicates", "-r", min=2,
                                   help="Independent replicate experiments per cell (the CIs are over them)."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Master random seed."),
    out: Path = typer.Option(Path("scorecard"), "--out", "-o", help="Output directory."),
    param: Optional[list[str]] = typer.Option(None, "--param",
                                              help="MODEL.NAME=VALUE given to every subject (repeatable)."),
    population: Optional[list[str]] = typer.Option(
        None, "--population", help="Population TOML (e.g. from remission calibrate): FILE or MODEL=FILE."),
    protocol: Optional[list[str]] = typer.Option(
        None, "--protocol", help="Replace a group's experiment: GROUP=FILE.toml or PHENOMENON/GROUP=FILE.toml."),
    profile: Optional[str] = typer.Option(
        "epsilon=0:1:5", "--profile",
        help="Also score models having this parameter at each value: NAME=START:STOP:COUNT or "
             "NAME=V1,V2 ('none' to skip)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Cells simulated at once, one thread each (default: the cores available, at most 4); "
             "the numbers do not depend on it."),
    keep_going: bool = typer.Option(False, "--keep-going",
                                    help="Exit 0 even when a cell's simulation raised an error."),
    force: bool = force_option(),
):
    """Run every phenomenon x model in replicate; print the table; write scorecard.csv,
    profile.csv, report.html, figures and per-cell results into OUT."""
    from remission.scoring import run_scorecard
    from remission.scoring.outputs import write_outputs
    from remission.scoring.table import profile_frame
    from remission.scoring.verdict import summary

    prof = None if (profile or "").strip().lower() in ("", "none", "off") else profile
    overrides, populations = _parse_overrides(param), read_populations(population)
    replacements = parse_mapping(protocol, "--protocol")
    target = OutputDir(out, force)
    with Progress("scoring", "cells") as progress:
        run = run_scorecard(models=split_list(models), phenomena=split_list(phenomena),
                            n_subjects=subjects, replicates=replicates, seed=seed,
                            params=overrides, populations=populations,
                            protocols=replacements, profile=prof, progress=progress,
                            workers=workers)
    write_outputs(out, run)
    target.done()
    print_table(run.table, console)
    for cell in run.errors:
        err_console.print(f"[red]error:[/red] {cell.phenomenon.id} × {cell.label}: {cell.score.note}",
                          highlight=False)
    profile_table = profile_frame(run.profile, run.profile_parameter) if run.profile else None
    console.print(summary(run.table, profile_table))
    console.print(f"scorecard: [bold]{out / 'scorecard.csv'}[/bold]")
    console.print(f"report:    [bold]{(out / 'report.html').resolve()}[/bold]")
    if run.errors and not keep_going:
        err_console.print(f"{len(run.errors)} cell(s) raised an error (above); exit status 1 "
                          "(--keep-going to exit 0)")
        raise typer.Exit(1)


MARKS = {"pass": "[green]✓[/green]", "fail": "[red]✗[/red]", "n/a": "[dim]–[/dim]",
         "error": "[magenta]![/magenta]"}


def print_table(table, console) -> None:
    """Phenomena as rows, models as columns: status and the score (0–1).

    In a terminal too narrow for names, columns are numbered (legend below); every value and its
    CI is in scorecard.csv and the report.
    """
    from rich.table import Table

    models = list(dict.fromkeys(table["model"]))
    wide = console.width >= 28 + 12 * len(models)
    grid = Table(title="Phenomena scorecard (✓ pass, ✗ fail, – not applicable, ! error"
                       + ("; score 0–1, – none)" if wide else ")"))
    grid.add_column("phenomenon", style="bold", no_wrap=True)
    for i, m in enumerate(models, 1):
        grid.add_column(m if wide else str(i), justify="right" if wide else "center")
    for phen, sub in table.groupby("phenomenon", sort=False):
        cells = dict(zip(sub["model"], zip(sub["status"], sub["score"])))
        row = []
        for m in models:
            status, score = cells.get(m, ("n/a", float("nan")))
            mark = MARKS[status]
            if not wide:
                row.append(mark)
            elif score == score:
                row.append(f"{mark} {score:.2f}")
            else:  # no score (not applicable, or a read-out that could not be computed)
                row.append(mark if status == "n/a" else f"{mark} [dim]–[/dim]")
        grid.add_row(phen, *row)
    console.print(grid)
    if not wide:
        console.print("models: " + "; ".join(f"{i} = {m}" for i, m in enumerate(models, 1))
                      + " (values and CIs in scorecard.csv and the report)")


def register(app: typer.Typer) -> None:
    """Add ``remission scorecard`` to the CLI."""
    app.command("scorecard")(guard(scorecard_cmd))
