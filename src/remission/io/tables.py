"""Reading tidy tables from disk: CSV/TSV with a check of every line's shape, and Parquet.

pandas fills a row cut short (a file truncated mid-row, a lost separator) with empty cells, and
an empty ``choice`` is a legitimate missing response, so such damage would pass unnoticed. Every
line of a text table is therefore counted against the header first, and a row with fewer or more
fields is refused with its line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from remission.errors import RemissionError, input_file
from remission.io.schema import TrialData, validate

MEDPC_MARKERS = ("Start Date:", "Subject:", "MSN:")
"""Header lines of a MED-PC data file (recognised to say how to read one)."""


def looks_like_medpc(path: Path) -> bool:
    """Whether the file starts like a MED-PC IV data file (its first 40 lines hold the header keys)."""
    with path.open(errors="replace") as f:
        head = [next(f, "") for _ in range(40)]
    return sum(any(line.strip().startswith(m) for line in head) for m in MEDPC_MARKERS) >= 2


def check_rows(path: Path, sep: str) -> None:
    """Refuse a text table whose rows do not all have as many fields as its header."""
    text = path.read_text(errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = None
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            kind = "cut short" if len(fields) < len(header) else "longer than the header"
            raise RemissionError(
                f"{path}, line {reader.line_num}: {len(fields)} fields where the header has "
                f"{len(header)} ({', '.join(h.strip() for h in header)}): the row is {kind} "
                f"(a truncated file or a missing or extra separator {sep!r})")


def read_table(path: Path, sep: str, missing: Sequence[str] = ("",)) -> pd.DataFrame:
    """A text table as strings (cells in ``missing`` are missing), after :func:`check_rows`."""
    check_rows(path, sep)
    try:
        return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=list(missing))
    except (ValueError, OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RemissionError(f"{path}: cannot be read as a table ({exc})") from None


def read_trials(path: str | Path, options: Mapping | None = None, sep: str | None = None,
                columns: Mapping[str, str] | None = None, cue_columns: Sequence[str] | None = None,
                time_unit: str = "min") -> TrialData:
    """Read a tidy CSV, TSV or Parquet file (columns: :mod:`remission.io.schema`).

    Parameters
    ----------
    path : str or Path
        ``.csv``, ``.tsv``/``.txt`` (tab-separated) or ``.parquet``.
    options : mapping, optional
        Numeric choice code -> option name.
    sep : str, optional
        Field separator for text files (default from the extension).
    columns, cue_columns, time_unit
        See :func:`remission.io.schema.validate`.
    """
    path = Path(path)
    path = input_file(path, "data file")
    if path.suffix.lower() in (".parquet", ".pq"):
        try:
            df = pd.read_parquet(path)
        except (ValueError, OSError) as exc:
            raise RemissionError(f"{path}: cannot be read as a Parquet table ({exc})") from None
    else:
        if looks_like_medpc(path):
            raise RemissionError(
                f"{path} is a MED-PC data file: say which array holds each lever's press time "
                f"stamps and their unit, e.g. --press drug=V --unit s --bin 20 [--delivery drug=Y] "
                f"(Python: remission.io.read_medpc)")
        df = read_table(path, sep or ("," if path.suffix.lower() == ".csv" else "\t"))
    data = validate(df, source=str(path), options=options, columns=columns, cue_columns=cue_columns,
                    time_unit=time_unit)
    data.meta = {"adapter": "tidy", "file": str(path), "columns": dict(columns or {}),
                 "cue_columns": list(cue_columns or []), "time_unit": time_unit}
    return data
