"""CLI commands for scale: ``remission sweep``, ``remission runs list``, ``remission bench``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from remission.cli.common import Progress, console, guard, writable_dir
from remission.errors import RemissionError

runs_app = typer.Typer(help="Stored runs (sweeps): list them, see how far they got.",
                       no_args_is_help=True)


def sweep_cmd(
    config: Path = typer.Argument(..., help="Sweep TOML (see examples/sweep.toml)."),
    out: Path = typer.Option(..., "--out", "-o", help="Run directory (partitioned Parquet + manifest)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address (e.g. tcp://10.0.0.1:8786) to run on a "
        "cluster; default: in this process."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run in --out, "
                                "keeping its intact chunks."),
    force: bool = typer.Option(False, "--force", help="Replace the run (or other files' trials/) "
                               "already in --out instead of refusing."),
):
    """Run the parameter sweep in CONFIG, streaming chunks to OUT (resumable)."""
    from remission.scale import sweep
    from remission.scale.config import load_sweep_config

    if resume and force:
        raise RemissionError("--resume keeps the run in --out and --force replaces it: give one")
    writable_dir(out)
    kwargs = load_sweep_config(config)
    client = None
    if scheduler:
        client = connect(scheduler)
    try:
        with Progress("sweep", "chunks") as progress:
            result = sweep(**kwargs, executor=client, out=out, resume=resume, force=force,
                           progress=progress)
    finally:
        if client is not None:
            client.close()
    m = result.manifest
    console.print(f"[bold]{m['config']['name']}[/bold]: {m.get('n_completed', 0)}/{m['n_tasks']} "
                  f"chunks ({result.computed} computed, {result.reused} reused), "
                  f"{m.get('rows', 0):,} rows in [bold]{out}[/bold] "
                  f"(config hash {m['config_hash']})")


def connect(address: str, timeout_s: float = 5.0):
    """A ``distributed.Client`` on the scheduler at ``address``, or a clear error within
    ``timeout_s`` seconds when none answers there."""
    import re

    if not re.fullmatch(r"(tcp|tls|inproc|ucx|ws|wss)://\S+", address):
        raise RemissionError(f"--scheduler {address!r}: give a Dask scheduler address such as "
                             "tcp://10.0.0.1:8786")
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the install
        raise RemissionError("--scheduler needs dask.distributed: pip install "
                             "'remission[distributed]'") from None
    import logging

    quiet = logging.getLogger("distributed")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        return Client(address, timeout=f"{timeout_s:g}s")
    except (OSError, TimeoutError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RemissionError(f"--scheduler {address!r}: no Dask scheduler answered within "
                             f"{timeout_s:g} s ({first[:160]}); start one (dask scheduler) or "
                             "check the address") from None
    finally:
        quiet.setLevel(level)


@runs_app.command("list")
def runs_list(root: Path = typer.Argument(Path("."), help="Folder holding run directories."),
              as_json: bool = typer.Option(False, "--json", help="One JSON line per run.")):
    """List the runs under ROOT: model, grid size, seeds, chunks done, rows, versions."""
    from remission.scale import list_runs

    df = list_runs(root)
    if as_json:
        for row in df.to_dict(orient="records"):
            print(json.dumps(row, default=str))
        return
    if df.empty:
        console.print(f"no runs under {root}")
        return
    wide = console.width >= 120
    table = Table(title=f"Runs under {root}")
    cols = ["path", "model", "configs", "seeds", "n_subjects", "chunks", "rows", "complete"]
    cols += ["name", "config_hash", "created"] if wide else []
    for col in cols:
        table.add_column("subjects" if col == "n_subjects" else col, overflow="fold",
                         justify="right" if col in ("configs", "seeds", "n_subjects", "rows") else "left")
    for r in df.to_dict(orient="records"):
        cells = {**r, "rows": f"{r['rows']:,}",
                 "complete": "yes" if r["complete"] else "no"}
        table.add_row(*(str(cells[c]) for c in cols))
    console.print(table)
    for r in df.to_dict(orient="records"):
        if r["damaged"]:
            console.print(f"[red]{r['path']}[/red]: damaged chunk(s) {r['damaged']}; "
                          "`remission sweep CONFIG --out RUN --resume` recomputes them",
                          highlight=False, soft_wrap=True)
    if not wide:
        console.print("(names, config hashes and dates: a wider terminal, or --json)")


def bench_cmd(
    model: Optional[list[str]] = typer.Option(None, "--model", "-m", help="Model (repeatable); "
                                              "default: every registered model."),
    protocol: str = typer.Option("self_administration", "--protocol", help="Registry name or TOML."),
    subjects: int = typer.Option(1000, "--subjects", "-n", min=1, help="Subjects per batch."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="Timed runs (best is reported)."),
    markdown: bool = typer.Option(False, "--markdown", help="Also print a Markdown table."),
):
    """Print throughput (compile time, subject-steps/s) of every registered model, as JSON lines."""
    from remission.engine.bench import bench_all, markdown_table

    rows = []
    for row in bench_all(model, protocol, subjects, repeats):
        print(json.dumps(row), flush=True)
        rows.append(row)
    if markdown:
        print(markdown_table(rows))


def register(app: typer.Typer) -> None:
    """Add ``sweep``, ``runs`` and ``bench`` to the ``remission`` app."""
    app.command("sweep")(guard(sweep_cmd))
    app.add_typer(runs_app, name="runs")
    app.command("bench")(guard(bench_cmd))
