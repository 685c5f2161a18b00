"""The scorecard as a table: one row per cell, every number with its 95 % CI."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

COLUMNS = ("phenomenon", "model", "tag", "readout", "simulated", "simulated_low", "simulated_high",
           "score", "score_low", "score_high", "status", "passed", "target", "citation")
"""Columns of ``scorecard.csv``: the headline simulated value and the normalised score in [0, 1],
each with its 95 % CI over replicates; ``status`` is pass, fail, n/a or error (``passed`` is empty
for n/a and error)."""

PROFILE_COLUMNS = ("phenomenon", "model", "parameter", "value", "tag", "score", "score_low",
                   "score_high", "status", "passed")


def _round(x) -> float:
    """Six significant digits: stable across platforms' last-bit differences in the CSV."""
    if x is None:
        return math.nan
    x = float(x)
    return float(f"{x:.6g}") if np.isfinite(x) else x


def _interval(iv) -> tuple[float, float, float]:
    return (math.nan,) * 3 if iv is None else (_round(iv.mean), _round(iv.low), _round(iv.high))


def row(cell) -> dict:
    p, s = cell.phenomenon, cell.score
    sim, score = _interval(s.value), _interval(s.score)
    return {"phenomenon": p.id, "model": cell.model, "tag": p.tag, "readout": p.readout,
            "simulated": sim[0], "simulated_low": sim[1], "simulated_high": sim[2],
            "score": score[0], "score_low": score[1], "score_high": score[2], "status": s.status,
            "passed": s.passed, "target": p.target, "citation": p.citation, "note": s.note}


def to_frame(cells: Sequence) -> pd.DataFrame:
    df = pd.DataFrame([row(c) for c in cells], columns=[*COLUMNS, "note"])
    df["passed"] = df["passed"].astype("boolean")
    return df


def profile_frame(cells: Sequence, parameter: str | None) -> pd.DataFrame:
    """One row per phenomenon × model × profile value."""
    rows = []
    for c in cells:
        r = row(c)
        rows.append({k: r[k] for k in PROFILE_COLUMNS if k in r}
                    | {"parameter": parameter, "value": _round(c.values.get(parameter))})
    df = pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))
    df["passed"] = df["passed"].astype("boolean")
    return df
