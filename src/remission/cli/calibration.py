"""``remission calibrate``: every model fitted to the literature with the same budget, scored on
findings it never saw (docs/CALIBRATION.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import Progress, console, guard, split_list
from remission.errors import RemissionError


def _grid(text: str | None):
    if not text:
        return None
    from remission.scoring.runner import parse_profile

    _, values = parse_profile(f"x={text}")
    return values


def calibrate_cmd(
    models: Optional[list[str]] = typer.Option(None, "--models", "-m",
                                               help="Models (repeat or comma-separate); default: the scorecard's."),
    train: str = typer.Option("use", "--train", help="Training findings: a tag (use, remission), all, or ids."),
    test: Optional[str] = typer.Option(None, "--test", help="Held-out findings (default: all not trained on)."),
    cv: str = typer.Option("none", "--cv", help="none, or leave-one-out (over train + test findings)."),
    out: Path = typer.Option(Path("calibration"), "--out", "-o", help="Output folder (streamed as it goes)."),
    evaluations: int = typer.Option(96, "--evaluations", "-e", min=1, help="Candidates per model (CMA-ES)."),
    popsize: int = typer.Option(12, "--popsize", min=2, help="Candidates per CMA-ES generation (one batch)."),
    subjects: int = typer.Option(12, "--subjects", "-n", min=2, help="Subjects per group per replicate."),
    replicates: int = typer.Option(3, "--replicates", "-r", min=2, help="Replicate experiments per finding."),
    score_subjects: int = typer.Option(48, "--score-subjects", min=2,
                                       help="Subjects per group when the result is scored (fresh seed)."),
    score_replicates: int = typer.Option(6, "--score-replicates", min=2,
                                         help="Replicate experiments when the result is scored."),
    seed: int = typer.Option(0, "--seed", "-s", min=0, help="Seed of the optimiser and the common random numbers."),
    profile: bool = typer.Option(False, "--profile/--no-profile",
                                 help="Profile the erasure parameter (dual_trace ε, latent_cause_rw α)."),
    grid: Optional[str] = typer.Option(None, "--grid", help="ε grid: START:STOP:COUNT or V1,V2,..."),
    profile_evaluations: int = typer.Option(12, "--profile-evaluations", min=1,
                                            help="Candidates per profile point."),
    spread: bool = typer.Option(True, "--spread/--no-spread", help="Also fit the spread of individual differences."),
    resume: bool = typer.Option(False, "--resume", help="Continue the calibration in OUT (nothing logged is re-run)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask: local, local:N (LocalCluster) or a scheduler address."),
):
    """Calibrate each model's population on the training findings (CMA-ES, same budget for all),
    score it on the held-out findings, write OUT/<model>/best.toml, summary.csv and report.html."""
    from remission.calibration import Budget, calibrate
    from remission.calibration.outputs import verdicts

    budget = Budget(evaluations=evaluations, popsize=popsize, n_subjects=subjects,
                    replicates=replicates, profile_evaluations=profile_evaluations,
                    score_subjects=score_subjects, score_replicates=score_replicates)
    with Progress("calibrating", "generations") as progress:
        res = calibrate(split_list(models), train=train, test=test, cv=cv, out=out, budget=budget,
                        seed=seed, resume=resume, profile=profile, grid=_grid(grid),
                        fit_spread=spread, scheduler=scheduler, progress=progress)
    print_summary(res.summary(), console)
    for line in verdicts(res):
        console.print(line, highlight=False)
    for m in res.fits:
        console.print(f"population: [bold]{out / m / 'best.toml'}[/bold]")
    console.print(f"report:     [bold]{(out / 'report.html').resolve()}[/bold]")


def print_summary(summary, console) -> None:
    from rich.table import Table

    grid = Table(title="Calibration: training vs held-out score (95 % CI)")
    for col in ("rank", "model", "k", "training", "held-out", "passed", "penalised"):
        grid.add_column(col)
    for r in summary.sort_values("rank").to_dict("records"):
        grid.add_row(str(r["rank"]), r["model"], str(r["k"]),
                     f"{r['train']:.3f} [{r['train_low']:.3f}, {r['train_high']:.3f}]",
                     f"{r['test']:.3f} [{r['test_low']:.3f}, {r['test_high']:.3f}]",
                     f"{r['test_passed']}/{r['test_n']}", f"{r['penalised']:.3f}")
    console.print(grid)


def register(app: typer.Typer) -> None:
    """Add ``remission calibrate`` to the CLI."""
    app.command("calibrate")(guard(calibrate_cmd))


__all__ = ["RemissionError", "register"]
