"""The self-contained HTML report of a scorecard (figures embedded as base64 PNG), via jinja2."""

from __future__ import annotations

import base64
import datetime as _dt
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from remission.report.figures import VERDICT, phenomenon_figure
from remission.scoring.verdict import classify, summary, verdict

REPORT_NAME = "report.html"


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.3g}"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("remission.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["fmt"] = _fmt
    return env


def render(table: pd.DataFrame, cells: Sequence, figures: dict[str, bytes], n_subjects: int,
           seed: int) -> str:
    """The report's HTML text."""
    from remission import __version__

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
            "figure": base64.b64encode(figures[pid]).decode("ascii"),
            "cells": [{"model": c.model, "verdict": VERDICT[c.score.passed], "value": c.score.value,
                       "checks": c.score.checks, "note": c.score.note} for c in pcells],
            "verdict": verdicts.loc[pid, "verdict"],
        })
    grid = [{"id": pid, "title": cs[0].phenomenon.title,
             "cells": {c.model: {"verdict": VERDICT[c.score.passed], "value": c.score.value}
                       for c in cs},
             "verdict": verdicts.loc[pid, "verdict"]} for pid, cs in by_phen.items()]
    return _environment().get_template("report.html").render(
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
    path.write_text(render(table, cells, figures, n_subjects, seed), encoding="utf-8")
    return path
