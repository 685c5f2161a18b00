"""Parsers of the tidy schema's cells: each turns one raw column into normalised values or raises a
:class:`~remission.errors.RemissionError` naming the file, the row and the column."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.protocols.schema import ACTIONS

TRUE = frozenset({"1", "1.0", "true", "yes", "y", "t"})
FALSE = frozenset({"0", "0.0", "false", "no", "n", "f", "", "nan", "none"})


def error(source, row, column, message) -> RemissionError:
    """``<source>, row <row>, column '<column>': <message>`` (the row left out when unknown)."""
    where = f"{source}, row {row}" if row is not None else source
    return RemissionError(f"{where}, column {column!r}: {message}")


def label(v) -> str:
    """A text label (``1.0`` read from a number column becomes ``"1"``)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def numeric(col: pd.Series, source, name, rows) -> np.ndarray:
    """Numbers (NaN for empty cells); refuses text that is not a number."""
    vals = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(vals) & col.notna().to_numpy() & (col.astype(str).str.strip() != "").to_numpy()
    if bad.any():
        i = int(bad.argmax())
        raise error(source, int(rows[i]), name, f"{col.iloc[i]!r} is not a number")
    return vals


def boolean(col: pd.Series, source, name, rows) -> np.ndarray:
    """True/false cells (1/0, yes/no, true/false; empty is false)."""
    text = col.astype(str).str.strip().str.lower()
    bad = ~text.isin(TRUE | FALSE)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise error(source, int(rows[i]), name, f"{col.iloc[i]!r} is not true/false (1/0)")
    return text.isin(TRUE).to_numpy()


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip().lower() in ("", "nan", "na")


def choices(col, pavlovian, source, rows, options: Mapping | None) -> list:
    """Option names (``None`` for a missing response or a Pavlovian trial) from names or codes."""
    codes = {int(k): v for k, v in (options or dict(enumerate(ACTIONS))).items()}
    for name in codes.values():
        if name not in ACTIONS:
            raise RemissionError(f"options maps to {name!r}; valid options: {', '.join(ACTIONS)}")
    out = []
    values = col.tolist() if col is not None else [None] * len(pavlovian)
    for i, v in enumerate(values):
        text = "" if _blank(v) else str(v).strip().lower()
        if pavlovian[i] or not text:
            out.append(None)
        elif text in ACTIONS:
            out.append(text)
        else:
            try:
                num = float(text)
            except ValueError:
                raise error(source, int(rows[i]), "choice",
                            f"{v!r} is neither an option ({', '.join(ACTIONS)}) nor a numeric code") from None
            if not num.is_integer() or int(num) not in codes:
                raise error(source, int(rows[i]), "choice",
                            f"code {v!r} is not mapped to an option; codes: {codes}")
            out.append(codes[int(num)])
    return out


def available(raw, choice, pavlovian, rows, source) -> list:
    """``;``-joined options offered per row (``raw``: the ``available`` cells or None; default:
    every option chosen anywhere); refuses unknown options and choices of an option not offered."""
    chosen = {c for c in choice if isinstance(c, str)}
    default = [a for a in ACTIONS if a in chosen]
    result = []
    for i, (c, pav) in enumerate(zip(choice, pavlovian)):
        cell = None if raw is None else raw[i]
        names = default if _blank(cell) else [s.strip() for s in str(cell).lower().split(";") if s.strip()]
        for name in names:
            if name not in ACTIONS:
                raise error(source, int(rows[i]), "available",
                            f"{name!r} is not an option; valid: {', '.join(ACTIONS)}")
        if isinstance(c, str) and not pav and c not in names:
            raise error(source, int(rows[i]), "choice",
                        f"{c!r} was chosen but is not available on this trial (available: "
                        f"{';'.join(names) or 'nothing'})")
        result.append(";".join(n for n in ACTIONS if n in names))
    return result


def cue_indicators(df: pd.DataFrame, columns, source, rows) -> list[str]:
    """``;``-joined names of the cue columns that are 1 on each row (columns of 0/1 indicators)."""
    present = []
    for name in columns:
        key = str(name).strip().lower()
        if key not in df:
            raise error(source, None, name, f"cue column is missing; columns present: "
                        f"{', '.join(c for c in df.columns if c != 'row')}")
        vals = np.nan_to_num(numeric(df[key], source, name, rows), nan=0.0)
        bad = (vals != 0) & (vals != 1)
        if bad.any():
            i = int(bad.argmax())
            raise error(source, int(rows[i]), name, f"{df[key].iloc[i]!r}: a cue column holds 1 "
                        f"(cue present) or 0 (absent)")
        present.append(vals == 1)
    names = [str(c).strip() for c in columns]
    return [";".join(n for n, on in zip(names, row) if on) for row in zip(*present)] if present \
        else [""] * len(df)
