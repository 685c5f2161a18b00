"""``remission design`` (search a design space, or propose the next phase with ``--data``) and
``remission power`` (probability of the correct conclusion against subjects per group)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import Progress, console, guard, split_list
from remission.errors import RemissionError


def register(app: typer.Typer) -> None:
    app.command("design")(guard(design_cmd))
    app.command("power")(guard(power_cmd))


def _grid(values: list[str] | None) -> tuple[int, ...] | None:
    items = split_list(values)
    if items is None:
        return None
    try:
        grid = tuple(int(v) for v in items)
    except ValueError:
        raise RemissionError(f"--n {','.join(items)!r}: give subjects per group as integers, e.g. --n 2,4,8") from None
    if any(v < 1 for v in grid):
        raise RemissionError(f"--n {grid}: subjects per group must be >= 1")
    return grid


def _table(df, title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for col in df.columns:
        table.add_column(col, justify="left" if df[col].dtype == object else "right")
    for row in df.itertuples(index=False):
        table.add_row(*[f"{v:.3g}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)


def design_cmd(
    space: Path = typer.Argument(..., help="Design space TOML (template ranges and budget)."),
    hypotheses: Path = typer.Option(..., "--hypotheses", "-H", help="Hypotheses TOML ([[hypothesis]] tables)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for evaluations, designs and the report."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed of subjects and optimiser."),
    generations: int = typer.Option(10, "--generations", "-g", help="CMA-ES generations."),
    se: float = typer.Option(0.05, "--se", help="Largest Monte Carlo SE of a candidate's P(correct)."),
    analysis: str = typer.Option("relapse", "--analysis", help="Read-outs: relapse or sessions."),
    resume: bool = typer.Option(False, "--resume", help="Continue the search in --out."),
    n: Optional[list[str]] = typer.Option(None, "--n", help="Subjects per group of the power curves."),
    standard: bool = typer.Option(True, "--standard/--no-standard", help="Power of the standard designs too."),
    report: bool = typer.Option(True, "--report/--no-report", help="Power analysis and report.html."),
    data: Optional[Path] = typer.Option(None, "--data", help="Sequential mode: data of the phases run so far (CSV)."),
    done: Optional[Path] = typer.Option(None, "--done", help="Sequential mode: protocol TOML of the phases run."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address: evaluate "
                                            "each generation's candidates on its workers."),
):
    """Search SPACE for the experiment that best tells the HYPOTHESES apart (or, with --data, the
    most informative next phase)."""
    if data is not None:
        return _sequential(space, hypotheses, out, seed, data, done)
    if done is not None:
        raise RemissionError("--done is for the sequential mode; give --data too")
    from remission.designer.search import design, finish

    client = None
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise RemissionError("--scheduler needs dask.distributed: pip install 'remission[distributed]'") from None
        client = Client(scheduler)
    with Progress("design search", "candidates") as bar:
        result = design(space, hypotheses, out=out, seed=seed, generations=generations,
                        analysis=analysis, se=se, resume=resume, progress=bar, executor=client)
    b = result.best
    console.print(f"best design (p_correct {b['p_correct']:.3f} ± {b['se']:.3f} at {b['n']} per group, "
                  f"≥ {b['info_bits']:.2f} bits): {result.protocols[0].description}")
    console.print(f"designs written to [bold]{out / 'designs'}[/bold]")
    if report:
        with Progress("power analysis", "designs") as bar:
            needed = finish(result, out, n=_grid(n), standard=standard, progress=bar)
        console.print("subjects per group for 90 % correct: " +
                      "; ".join(f"{k} {v if v is not None else 'not reached'}" for k, v in needed.items()))
        console.print(f"report: [bold]{out / 'report.html'}[/bold]")


def _sequential(space: Path, hypotheses: Path, out: Path, seed: int, data: Path, done: Optional[Path]) -> None:
    if done is None:
        raise RemissionError("--data needs --done PROTOCOL.toml: the protocol of the phases already run")
    from remission.designer.hypotheses import read_hypotheses
    from remission.designer.sequential import next_phase
    from remission.designer.space import read_space

    hyps = read_hypotheses(hypotheses)
    with Progress("next phase", "candidates") as bar:
        table, w, protocols = next_phase(done, data, hyps, space=read_space(space), seed=seed, progress=bar)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "next_phase.csv", index=False)
    (out / "next").mkdir(exist_ok=True)
    for i, p in enumerate(protocols[:3]):
        p.to_toml(out / "next" / f"next_{i + 1}.toml")
    console.print("hypothesis weights given the data: " +
                  ", ".join(f"{h.name} {x:.3f}" for h, x in zip(hyps, w)))
    _table(table.head(10), "next phase, most informative first")
    console.print(f"protocols written to [bold]{out / 'next'}[/bold]")


def power_cmd(
    designs: Optional[list[str]] = typer.Argument(None, help="Paradigm names or protocol TOML files."),
    hypotheses: Path = typer.Option(..., "--hypotheses", "-H", help="Hypotheses TOML."),
    n: Optional[list[str]] = typer.Option(None, "--n", help="Subjects per group, e.g. 1,2,4,8."),
    pool: Optional[int] = typer.Option(None, "--pool", help="Simulated subjects per hypothesis and group."),
    seed: int = typer.Option(0, "--seed", "-s", min=0),
    analysis: str = typer.Option("relapse", "--analysis", help="Read-outs: relapse or sessions."),
    standard: bool = typer.Option(False, "--standard", help="Add the standard designs."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for power.csv and power.png."),
):
    """Probability of the correct conclusion against subjects per group, for each design."""
    from remission.designer.hypotheses import read_hypotheses
    from remission.designer.curves import N_GRID, STANDARD, animals_needed, compare
    from remission.designer.report import power_figure

    chosen = {Path(d).stem if d.endswith(".toml") else d: d for d in designs or []}
    if standard:
        chosen |= STANDARD
    if not chosen:
        raise RemissionError("no design: name paradigms or TOML files, or give --standard")
    with Progress("power", "designs") as bar:
        table = compare(chosen, read_hypotheses(hypotheses), n=_grid(n) or N_GRID, pool=pool,
                        seed=seed, analysis=analysis, progress=bar)
    _table(table, "probability of the correct conclusion")
    needed = animals_needed(table)
    console.print("subjects per group for 90 % correct: " +
                  "; ".join(f"{k} {v if v is not None else 'not reached'}" for k, v in needed.items()))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        table.to_csv(out / "power.csv", index=False)
        (out / "power.png").write_bytes(power_figure(table))
        console.print(f"written to [bold]{out}[/bold] (power.csv, power.png)")
