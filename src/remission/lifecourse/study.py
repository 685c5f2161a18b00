"""One life-course study: simulate the arms, analyse, optionally calibrate, write the outputs.

Outputs in ``out``: ``curves.csv`` / ``curves.parquet`` (KM cumulative remission and relapse per
arm and year, with 95 % CIs), ``summary.csv`` (per arm: median, cumulative at 10/20/40 years,
Weibull shape, relapse), ``hazard.csv``, ``cox.csv``, ``paths.csv``, ``lives.parquet`` (one row
per life: events, parameters, read-outs at remission), ``fits.csv`` when calibrated,
``config.json`` and ``report.html``; with a fit, ``fit_<substance>.jsonl`` (every evaluation,
streamed as it is computed, for ``resume``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from remission._version import __version__
from remission.errors import RemissionError
from remission.lifecourse.analysis import Analysis, analyse
from remission.lifecourse.calibrate import fit_drug, paradigm_of, population_with
from remission.lifecourse.lives import Lives, simulate_lives
from remission.lifecourse.report import render_report


@dataclass
class Study:
    lives: Lives
    analysis: Analysis
    fits: list
    out: Path | None = None


def run_lifecourse(model="dual_trace", population=None, n_subjects: int = 1000, seed: int = 0,
                   arms: Sequence[str] = ("none", "extinction", "contingency", "detox"),
                   histories: int = 16, paradigm: Mapping | None = None,
                   fit: Sequence[str] = (), fit_evaluations: int = 24, fit_subjects: int = 256,
                   fit_histories: int = 4, out=None, resume: bool = False,
                   population_label: str = "model default",
                   progress: Callable[[int, int, str], None] | None = None) -> Study:
    """Calibrate the substances in ``fit`` (e.g. ``("cocaine", "alcohol")``), simulate the arms,
    analyse and write everything to ``out`` (if given). When the paradigm's ``substance`` is among
    those fitted, the arms are simulated with its fitted parameters (the calibrated population).
    Each fit simulates ``fit_subjects`` lives over ``fit_histories`` drawn histories per
    evaluation (:func:`~remission.lifecourse.calibrate.fit_drug`). ``progress(done, total,
    label)`` hears of each fit evaluation and each simulated block of lives. With ``out``, each
    fit streams its evaluations to ``out/fit_<substance>.jsonl`` as they are computed, and
    ``resume`` takes those already there instead of simulating them again (the study ends as an
    uninterrupted one would). Same seed, same numbers."""
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
    fits = [fit_drug(s, model=model, population=population, seed=seed, evaluations=fit_evaluations,
                     n_subjects=fit_subjects, histories=fit_histories, progress=progress,
                     log=None if out is None else Path(out) / f"fit_{s}.jsonl", resume=resume)
            for s in fit]
    paradigm = dict(paradigm or {})
    for f in fits:
        if f.substance == paradigm.get("substance", "cocaine"):
            population = population_with(model, population, f.params["drug_value"])
            paradigm |= paradigm_of(f.params)
            population_label += f" (calibrated to NESARC {f.substance})"
    lives_progress = None if progress is None else (
        lambda done, total, label: progress(done, total, f"lives: {label}"))
    lives = simulate_lives(model, population, n_subjects=n_subjects, seed=seed, arms=tuple(arms),
                           histories=histories, paradigm=paradigm, progress=lives_progress)
    analysis = analyse(lives)
    if not analysis.summary.get("at_risk", [0]).sum():
        raise RemissionError("no simulated life became dependent with a year of follow-up; "
                             "use more subjects, longer lives or a more rewarding drug")
    study = Study(lives, analysis, fits)
    if out is not None:
        study.out = write(study, out, population_label)
    return study


def write(study: Study, out, population_label: str = "model default") -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    a = study.analysis
    a.curves.to_csv(out / "curves.csv", index=False)
    a.curves.to_parquet(out / "curves.parquet", index=False)
    a.summary.to_csv(out / "summary.csv", index=False)
    a.hazard.to_csv(out / "hazard.csv", index=False)
    a.cox.to_csv(out / "cox.csv", index=False)
    a.paths.to_csv(out / "paths.csv", index=False)
    study.lives.table.to_parquet(out / "lives.parquet", index=False)
    if study.fits:
        import pandas as pd

        pd.DataFrame([{"substance": f.substance, **f.params, "median_years": f.median_years,
                       "target_median": f.target_median, "cumulative_40y": f.cumulative40,
                       "target_lifetime": f.target_lifetime, "loss": f.loss,
                       "evaluations": f.evaluations, **f.meets} for f in study.fits]
                     ).to_csv(out / "fits.csv", index=False)
    config = {**study.lives.config, "version": __version__, "population": population_label,
              "verdict": {k: v for k, v in a.verdict.items()}}
    (out / "config.json").write_text(json.dumps(config, indent=2, default=str))
    (out / "report.html").write_text(render_report(a, study.lives.config, study.lives.table,
                                                   study.fits, population_label))
    return out
