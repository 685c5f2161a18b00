"""The scorecard's HTML report: the verdict, the table, and per phenomenon the published target
beside every model's simulated result, with the pass rule and each of its checks."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from remission._version import __version__
from remission.report.figures import VERDICT, phenomenon_figure
from remission.report.html import embed_png, render
from remission.scoring.verdict import classify, summary, verdict

REPORT_NAME = "report.html"


def render_scorecard(table: pd.DataFrame, cells: Sequence, figures: dict[str, bytes],
                     n_subjects: int, seed: int) -> str:
    """The report's HTML text."""
    models = list(dict.fromkeys(table["model"]))
    by_phen: dict[str, list] = {}
    for c in cells:
        by_phen.setdefault(c.phenomenon.id, []).append(c)
    verdicts = verdict(table).set_index("phenomenon")
    sections = []
    for pid, pcells in by_phen.items():
        p = pcells[0].phenomenon
        sections.append({
            "phenomenon": p,
            "figure": embed_png(figures[pid]),
            "cells": [{"model": c.model, "verdict": VERDICT[c.score.passed], "value": c.score.value,
                       "checks": c.score.checks, "note": c.score.note} for c in pcells],
            "verdict": verdicts.loc[pid, "verdict"],
        })
    grid = [{"id": pid, "title": cs[0].phenomenon.title,
             "cells": {c.model: {"verdict": VERDICT[c.score.passed], "value": c.score.value}
                       for c in cs},
             "verdict": verdicts.loc[pid, "verdict"]} for pid, cs in by_phen.items()]
    return render(
        "scorecard.html",
        version=__version__, n_subjects=n_subjects, seed=seed, models=models,
        classes={m: classify(m) for m in models}, grid=grid, sections=sections,
        summary=summary(table), verdicts=verdicts.reset_index().to_dict("records"),
        generated=_dt.date.today().isoformat(),
    )


def write_report(out: Path, table: pd.DataFrame, cells: Sequence, n_subjects: int = 0,
                 seed: int = 0) -> Path:
    """Write ``figures/<phenomenon>.png`` and ``report.html`` into ``out``; returns the report path."""
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    by_phen: dict[str, list] = {}
    for c in cells:
        by_phen.setdefault(c.phenomenon.id, []).append(c)
    figures = {}
    for pid, pcells in by_phen.items():
        figures[pid] = phenomenon_figure(pcells[0].phenomenon, pcells)
        (figdir / f"{pid}.png").write_bytes(figures[pid])
    path = out / REPORT_NAME
    path.write_text(render_scorecard(table, cells, figures, n_subjects, seed), encoding="utf-8")
    return path
