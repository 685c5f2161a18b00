"""CLI command ``remission lifecourse``: lives over years, survival curves and an HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import (OutputDir, Progress, console, force_option, guard, parse_params,
                                  split_list)
from remission.errors import RemissionError

INTEGER = ("years", "treatment_weeks", "history")


def lifecourse_cmd(
    model: str = typer.Option("dual_trace", "--model", "-m", help="Registered model."),
    population: Optional[Path] = typer.Option(None, "--population", "-p",
                                              help="Population TOML ([params] table); default: "
                                                   "the model's own population."),
    subjects: int = typer.Option(1000, "--subjects", "-n", min=1, help="Lives per arm."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (curves, tables, report.html)."),
    seed: int = typer.Option(0, "--seed", min=0),
    years: int = typer.Option(30, "--years", min=2, max=100, help="Years of life followed."),
    substance: str = typer.Option("cocaine", "--substance", help="Drug label and report target."),
    arms: Optional[list[str]] = typer.Option(None, "--arms", help="Treatment arms (comma-separated): "
                                             "none, extinction, contingency, detox; default all."),
    histories: int = typer.Option(16, "--histories", min=0, help="Distinct drawn life histories "
                                  "(0: the typical life for everyone)."),
    fit: Optional[list[str]] = typer.Option(None, "--fit", help="Calibrate these substances to "
                                            "NESARC (CMA-ES), e.g. --fit cocaine,alcohol."),
    fit_evaluations: int = typer.Option(24, "--fit-evaluations", min=6),
    fit_subjects: int = typer.Option(256, "--fit-subjects", min=16,
                                     help="Lives simulated per fit evaluation."),
    fit_histories: int = typer.Option(4, "--fit-histories", min=0,
                                      help="Drawn life histories per fit evaluation."),
    set_: Optional[list[str]] = typer.Option(None, "--set", help="Paradigm override NAME=NUMBER "
                                             "(e.g. --set consequence=0.5), repeatable."),
    resume: bool = typer.Option(False, "--resume", help="Continue the fits of an interrupted run "
                                "in --out (logged evaluations are not simulated again)."),
    force: bool = force_option(),
):
    """Simulate SUBJECTS lives per treatment arm in weekly steps; write Kaplan–Meier curves of time
    to remission and relapse (CSV, Parquet), Cox hazard ratios, the mechanism decomposition and an
    HTML report to OUT."""
    from remission.lifecourse import run_lifecourse
    from remission.params.population import read_population

    pop, label = None, "model default"
    if population is not None:
        pop, meta = read_population(population)
        label = str(population)
        if meta.get("model") not in (None, model):
            raise RemissionError(f"{population}: population is for model {meta['model']!r}, "
                                 f"not {model!r}")
    overrides = {k: (int(v) if k in INTEGER else v) for k, v in parse_params(set_).items()}
    paradigm = {"years": years, "substance": substance, **overrides}
    arm_list = split_list(arms) or ["none", "extinction", "contingency", "detox"]
    target = OutputDir(out, force=force, resume=resume)
    with Progress("lifecourse", "") as bar:
        study = run_lifecourse(model, pop, n_subjects=subjects, seed=seed, arms=arm_list,
                               histories=histories, paradigm=paradigm, fit=split_list(fit) or (),
                               fit_evaluations=fit_evaluations, fit_subjects=fit_subjects,
                               fit_histories=fit_histories, out=out, resume=resume,
                               population_label=label, progress=bar)
    target.done()
    s = study.analysis.summary
    for row in s.to_dict("records"):
        console.print(f"{row['arm']}: {row['at_risk']} dependent lives, {row['remitted']} remitted, "
                      f"median {row.get('median_years', float('nan')):.3g} y, cumulative by "
                      f"{years - 1} y {row.get('cumulative_end', float('nan')):.3f}")
    for f in study.fits:
        console.print(f"fit {f.substance}: {f.params} median {f.median_years:.3g} y "
                      f"(target {f.target_median:g}), 40 y {f.cumulative40:.3f} "
                      f"(target {f.target_lifetime:g}) {f.meets}")
    console.print(f"report: [bold]{out / 'report.html'}[/bold]")


def register(app: typer.Typer) -> None:
    """Add ``lifecourse`` to the ``remission`` app."""
    app.command("lifecourse")(guard(lifecourse_cmd))
