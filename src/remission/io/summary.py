"""Group-mean data: what a paper publishes when it publishes no trial data.

One row per group × phase × block: ``group``, ``phase``, ``block`` (1, 2, ... within the phase),
``mean`` and ``se`` (its standard error, > 0), e.g. the mean SCR of each 2-trial block, or the
mean number of presses per session. Columns named otherwise are mapped with ``columns`` (schema
name -> file column).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from remission.errors import RemissionError, input_file
from remission.io import cells
from remission.io.tables import read_table

SUMMARY_COLUMNS = ("group", "phase", "block", "mean", "se")


def validate_summary(df: pd.DataFrame, source: str = "data", columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Check a table of group means (see the module docstring); returns it normalised."""
    lower = {str(c).strip().lower(): c for c in df.columns}
    renamed = {}
    for name in SUMMARY_COLUMNS:
        col = str((columns or {}).get(name, name)).strip().lower()
        if col not in lower:
            raise cells.error(source, None, (columns or {}).get(name, name),
                              f"required column of group-mean data is missing; columns present: "
                              f"{', '.join(map(str, df.columns))}")
        renamed[name] = df[lower[col]].reset_index(drop=True)
    rows = np.arange(1, len(df) + 1)
    out = pd.DataFrame({"group": renamed["group"].map(cells.label), "phase": renamed["phase"].map(cells.label)})
    for name in ("block", "mean", "se"):
        vals = cells.numeric(renamed[name], source, name, rows)
        if np.isnan(vals).any():
            raise cells.error(source, int(rows[np.isnan(vals).argmax()]), name, "empty; give a number")
        out[name] = vals
    bad = (out["block"] < 1) | (out["block"] % 1 != 0)
    if bad.any():
        raise cells.error(source, int(rows[bad.to_numpy().argmax()]), "block",
                          f"{out['block'][bad].iloc[0]!r}: blocks are numbered 1, 2, ... within a phase")
    if (out["se"] <= 0).any():
        raise cells.error(source, int(rows[(out["se"] <= 0).to_numpy().argmax()]), "se",
                          "a standard error must be > 0 (it weights the block's mean)")
    out["block"] = out["block"].astype(int)
    dup = out.duplicated(["group", "phase", "block"])
    if dup.any():
        raise cells.error(source, int(rows[dup.to_numpy().argmax()]), "block",
                          "this group, phase and block appear twice; each block's mean appears once")
    return out


def read_summary(path: str | Path, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read group-mean data from a CSV/TSV file (see the module docstring)."""
    path = Path(path)
    path = input_file(path, "data file")
    df = read_table(path, "," if path.suffix.lower() == ".csv" else "\t")
    return validate_summary(df, source=str(path), columns=columns)
