"""Write a scorecard to disk: CSV, per-cell results (Parquet + JSON sidecar), figures, report."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from remission.engine.records import session_table
from remission.scoring.report import write_report

CSV_NAME = "scorecard.csv"
COLUMNS = ("phenomenon", "model", "readout", "simulated", "target", "passed", "citation")
"""Columns of ``scorecard.csv`` (the returned table also has ``note``)."""


def _jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def write_results(out: Path, cells) -> None:
    res = out / "results"
    res.mkdir(parents=True, exist_ok=True)
    for c in cells:
        stem = f"{c.phenomenon.id}__{c.model}"
        sidecar = {
            "phenomenon": c.phenomenon.id,
            "model": c.model,
            "citation": c.phenomenon.citation,
            "readout": c.phenomenon.readout,
            "target": c.phenomenon.target,
            "rule": c.phenomenon.rule,
            "score": {"value": _jsonable(c.score.value), "passed": c.score.passed,
                      "checks": c.score.checks,
                      "simulated": {k: _jsonable(v) for k, v in c.score.simulated.items()},
                      "published": c.score.published, "note": c.score.note},
            "config": c.result.config if c.result is not None else None,
            "table": f"{stem}.parquet" if c.result is not None else None,
        }
        if c.result is not None:
            session_table(c.result.trials).to_parquet(res / f"{stem}.parquet", index=False)
        (res / f"{stem}.json").write_text(json.dumps(sidecar, indent=2, sort_keys=True, default=str))


def write_csv(out: Path, table: pd.DataFrame) -> Path:
    path = out / CSV_NAME
    table.loc[:, list(COLUMNS)].to_csv(path, index=False, lineterminator="\n")
    return path


def write_outputs(out: Path, table: pd.DataFrame, cells: Sequence, report: bool = True,
                  **meta) -> None:
    """Everything the scorecard writes into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out, table)
    write_results(out, cells)
    if report:
        write_report(out, table, cells, **meta)
