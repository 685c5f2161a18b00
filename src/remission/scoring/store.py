"""Write a scorecard to disk: CSV, per-cell results (Parquet + JSON sidecar), figures, report."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from remission.protocols.schema import ACTIONS

CSV_NAME = "scorecard.csv"
_STEP_COLUMNS = {"subject", "group", "phase", "session", "trial", "step", "time", "context",
                 "pavlovian", "us", "action", "delivered", "drug", "reward", "shock"}


def session_table(trials: pd.DataFrame) -> pd.DataFrame:
    """Per group, subject, phase and session: presses per lever, deliveries and mean read-outs.

    The per-step trials of a full scorecard run to tens of millions of rows; the per-session table
    keeps what the read-outs and figures use, and the JSON sidecar keeps what reruns them exactly.
    """
    keys = ["group", "subject", "phase", "session"]
    df = trials.assign(**{f"{a}_presses": (trials["action"] == a) for a in ACTIONS[1:]},
                       infusions=trials["drug"] > 0, rewards=trials["reward"] > 0,
                       shocks=trials["shock"] > 0)
    agg = {f"{a}_presses": "sum" for a in ACTIONS[1:]}
    agg |= {"infusions": "sum", "rewards": "sum", "shocks": "sum", "context": "first",
            "time": "first"}
    for col in trials.columns:  # the model's read-outs (value, response, traces, ...)
        if col not in _STEP_COLUMNS and pd.api.types.is_float_dtype(trials[col]):
            agg[col] = "mean"
    return df.groupby(keys, sort=False, observed=True).agg(agg).reset_index()


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
    from remission.scoring.run import COLUMNS

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
        from remission.report.html import write_report

        write_report(out, table, cells, **meta)
