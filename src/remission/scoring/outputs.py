"""Write a scorecard to disk: CSVs, per-cell results (Parquet + JSON sidecar), figures, report.

Files in ``out``: ``scorecard.csv`` (one row per cell), ``profile.csv`` and ``intervals.csv``
(when a profile ran), ``results/<phenomenon>__<model>.parquet`` (the cell's session table) with a
``.json`` sidecar (every check's effect and score with CIs, the population, protocols, seed and
run time: enough to rerun and re-read it), ``figures/*.png`` and ``report.html``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from pathlib import Path

from remission.scoring.report import write_report
from remission.scoring.table import COLUMNS, profile_frame
from remission.scoring.verdict import intervals

CSV_NAME = "scorecard.csv"


def _jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def stem(cell) -> str:
    """File stem of a cell: ``<phenomenon>__<label>`` with unsafe characters replaced."""
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", f"{cell.phenomenon.id}__{cell.label}").strip("_")


def clear(folder: Path, patterns=("*.parquet", "*.json", "*.png")) -> None:
    """Remove what an earlier scorecard wrote into one of its own subfolders, so a run's folder
    never mixes results of two runs."""
    if folder.is_dir():
        for pattern in patterns:
            for f in folder.glob(pattern):
                f.unlink()


def write_results(out: Path, cells) -> None:
    res = out / "results"
    clear(res)
    res.mkdir(parents=True, exist_ok=True)
    for c in cells:
        s = c.score
        sidecar = {
            "phenomenon": c.phenomenon.id, "model": c.model, "label": c.label, "values": c.values,
            "citation": c.phenomenon.citation, "doi": list(c.phenomenon.doi),
            "readout": c.phenomenon.readout, "target": c.phenomenon.target, "rule": c.phenomenon.rule,
            "status": s.status, "passed": s.passed, "note": s.note, "seconds": round(c.seconds, 3),
            "value": asdict(s.value) if s.value else None, "score": asdict(s.score) if s.score else None,
            "simulated": {k: asdict(v) for k, v in s.simulated.items()}, "published": s.published,
            "checks": [asdict(r) for r in s.checks], "config": c.config,
            "table": f"{stem(c)}.parquet" if c.sessions is not None else None,
        }
        if c.sessions is not None:
            c.sessions.to_parquet(res / f"{stem(c)}.parquet", index=False)
        (res / f"{stem(c)}.json").write_text(json.dumps(_jsonable(sidecar), indent=2, sort_keys=True,
                                                         default=str))


def write_outputs(out: Path, run, report: bool = True) -> None:
    """Everything the scorecard writes into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    clear(out / "figures")
    for stale in ("profile.csv", "intervals.csv"):
        (out / stale).unlink(missing_ok=True)
    run.table.loc[:, list(COLUMNS)].to_csv(out / CSV_NAME, index=False, lineterminator="\n")
    if run.profile:
        profile = profile_frame(run.profile, run.profile_parameter)
        profile.to_csv(out / "profile.csv", index=False, lineterminator="\n")
        intervals(profile).to_csv(out / "intervals.csv", index=False, lineterminator="\n")
    write_results(out, run.cells + run.profile)
    if report:
        write_report(out, run)
