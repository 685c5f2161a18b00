"""The scorecard's HTML report: the verdict with its ε intervals, the table of scores with 95 %
CIs, the profile figure, and per finding the published target beside every model's simulated
result, with the pass rule, each check's effect and score, the parameters used and the run time."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from remission._version import __version__
from remission.report.figures import phenomenon_figure, profile_figure
from remission.report.html import embed_png, render
from remission.scoring.table import profile_frame
from remission.scoring.verdict import classify, intervals, summary, verdict

REPORT_NAME = "report.html"
DOI_URL = "https://doi.org/"


def _cell_view(c) -> dict:
    s = c.score
    return {"model": c.label, "status": s.status, "value": s.value, "score": s.score,
            "checks": s.checks, "note": s.note, "seconds": c.seconds,
            "values": c.values, "population": (c.config or {}).get("population", {}).get("params", {})}


def describe(dist: dict) -> str:
    """One line for a population entry: ``0.15 ± 0.3 (logit)`` style."""
    kind = dist.get("kind")
    if kind == "fixed":
        return f"{dist['value']:g} (every subject)"
    if kind == "spread":
        centre = "default" if dist.get("centre") is None else f"{dist['centre']:g}"
        return f"{centre}, sd {dist['sd']:g} on its unconstrained scale"
    return ", ".join(f"{k} {v}" for k, v in dist.items())


def subjects(cells) -> list[dict]:
    """Per model (first cell of each), the population its subjects were drawn from."""
    seen = {}
    for c in cells:
        if c.model not in seen and c.config:
            params = c.config.get("population", {}).get("params", {})
            seen[c.model] = {k: describe(v) for k, v in params.items()}
    return [{"model": m, "params": p} for m, p in seen.items()]


def render_scorecard(run, figures: dict[str, bytes], profile_figures: dict[str, bytes]) -> str:
    """The report's HTML text."""
    table, meta = run.table, run.meta
    models = list(dict.fromkeys(table["model"]))
    by_phen: dict[str, list] = {}
    for c in run.cells:
        by_phen.setdefault(c.phenomenon.id, []).append(c)
    profile = profile_frame(run.profile, run.profile_parameter) if run.profile else None
    verdicts = verdict(table).set_index("phenomenon")
    iv = intervals(profile) if profile is not None else None
    sections = []
    for pid, pcells in by_phen.items():
        p = pcells[0].phenomenon
        sections.append({"phenomenon": p, "figure": embed_png(figures[pid]),
                         "dois": [(d, DOI_URL + d) for d in p.doi],
                         "cells": [_cell_view(c) for c in pcells],
                         "verdict": verdicts.loc[pid, "verdict"],
                         "intervals": [] if iv is None else
                         iv[iv["phenomenon"] == pid].to_dict("records")})
    grid = [{"id": pid, "tag": cs[0].phenomenon.tag,
             "cells": {c.model: {"status": c.score.status, "value": c.score.value,
                                 "score": c.score.score} for c in cs},
             "verdict": verdicts.loc[pid, "verdict"]} for pid, cs in by_phen.items()]
    return render(
        "scorecard.html",
        version=__version__, meta=meta, models=models, classes={m: classify(m) for m in models},
        grid=grid, sections=sections, summary=summary(table, profile),
        verdicts=verdicts.reset_index().to_dict("records"),
        intervals=[] if iv is None else iv[iv["tag"] == "remission"].to_dict("records"),
        profile_figures={m: embed_png(png) for m, png in profile_figures.items()},
        parameter=run.profile_parameter, generated=_dt.date.today().isoformat(),
        subjects=subjects(run.cells),
        seconds=sum(c.seconds for c in run.cells + run.profile),
    )


def write_report(out: Path, run) -> Path:
    """Write ``figures/*.png`` and ``report.html`` into ``out``; returns the report path."""
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    by_phen: dict[str, list] = {}
    for c in run.cells:
        by_phen.setdefault(c.phenomenon.id, []).append(c)
    figures = {}
    for pid, pcells in by_phen.items():
        figures[pid] = phenomenon_figure(pcells[0].phenomenon, pcells)
        (figdir / f"{pid}.png").write_bytes(figures[pid])
    profile_figures = {}
    if run.profile:
        profile = profile_frame(run.profile, run.profile_parameter)
        for model in dict.fromkeys(profile["model"]):
            png = profile_figure(profile, model, run.profile_parameter)
            profile_figures[model] = png
            (figdir / f"profile_{model}_{run.profile_parameter}.png").write_bytes(png)
    path = out / REPORT_NAME
    path.write_text(render_scorecard(run, figures, profile_figures), encoding="utf-8")
    return path
