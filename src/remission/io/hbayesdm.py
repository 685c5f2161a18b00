"""hBayesDM-style tab-separated files: ``subjID``, ``choice``, ``outcome`` (and optional ``trial``).

hBayesDM (Ahn, Haines & Zhang 2017, *Computational Psychiatry* 1:24) stores one row per trial.
For its bandit tasks ``choice`` is the option number (1, 2, ...) and ``outcome`` the feedback
(e.g. 1 win / −1 loss), which becomes the ``reward`` of the tidy schema. An empty or ``NA``
choice is a missing response, kept as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from remission.errors import RemissionError, input_file
from remission.io.schema import TrialData, validate
from remission.io.tables import read_table

DEFAULT_OPTIONS = {1: "drug", 2: "alternative", 3: "inactive"}
"""hBayesDM option number -> remission option. In a plain bandit the names only label the arms;
they carry meaning only for models with drug-specific learning, and no outcome here is a drug."""


def read_hbayesdm(path: str | Path, options: Mapping[int, str] | None = None,
                  outcome: str = "outcome") -> TrialData:
    """Read an hBayesDM data file into the tidy schema.

    Parameters
    ----------
    path : str or Path
        Tab-separated file with ``subjID``, ``choice`` and an outcome column.
    options : mapping, optional
        Option number -> option name (default :data:`DEFAULT_OPTIONS`). Every mapped option is
        available on every trial.
    outcome : str
        Name of the feedback column (becomes ``reward``).
    """
    path = Path(path)
    path = input_file(path, "data file")
    df = read_table(path, "\t", missing=("", "NA", "NaN"))
    df.columns = [c.strip() for c in df.columns]
    for col in ("subjID", "choice", outcome):
        if col not in df:
            raise RemissionError(f"{path}, column {col!r}: required hBayesDM column is missing; "
                                 f"columns present: {', '.join(df.columns)}")
    codes = dict(options or DEFAULT_OPTIONS)
    numbers = pd.to_numeric(df["choice"], errors="coerce").dropna()
    used = sorted({int(v) for v in numbers if float(v).is_integer() and int(v) in codes})
    tidy = pd.DataFrame({"subject": df["subjID"], "choice": df["choice"], "reward": df[outcome],
                         "available": ";".join(codes[c] for c in used)})
    if "trial" in df:
        tidy["trial"] = df["trial"]
    data = validate(tidy, source=str(path), options=codes, rows=df.index.to_numpy() + 1)
    data.meta = {"adapter": "hbayesdm", "file": str(path), "options": {str(k): v for k, v in codes.items()}}
    return data
