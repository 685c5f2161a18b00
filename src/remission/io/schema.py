"""The tidy trial-level schema researchers bring their data in, and its validation.

One row per subject × trial (a discrete choice trial, a free-operant time bin or a Pavlovian
trial). Columns (only ``subject`` and ``choice`` — or ``cr`` for purely Pavlovian data — are
required; the rest have defaults):

============ =========== ==========================================================================
column       default     meaning
============ =========== ==========================================================================
subject      (required)  subject identifier (any text or number)
session      0           session number (integer); a new session resets the operant box
trial        file order  trial / time-bin index within the session (rows are sorted by it)
phase        ``data``    phase label (acquisition, extinction, test, ...)
context      ``A``       context label (one-hot feature of the models)
cues         (none)      cues present on the trial, ``;``-separated (``tone;light``)
available    see below   options available on the trial, ``;``-separated, among
                         ``none;drug;alternative;inactive``
choice       (required)  the response: an option name, or a numeric code (``options`` maps codes to
                         names; default 0 none, 1 drug, 2 alternative, 3 inactive). ``none`` is an
                         omission (a response of its own); an empty cell is a *missing* response,
                         left out of the likelihood while the model still sees the trial
pavlovian    False       Pavlovian trial (no choice; ``us`` delivered, ``cr`` observed)
us           0           unconditioned stimulus magnitude on Pavlovian trials
cr           (missing)   observed conditioned response (number; empty = missing)
reward       0           non-drug reward obtained (may be negative, e.g. a bandit loss)
drug         0           drug dose obtained
shock        0           shock intensity received
delay        0           delay to the outcome, in **seconds**
cue          (none)      cue presented with the outcome
delivered    derived     outcome delivered (default: any of reward, drug, shock non-zero)
completed    derived     the response met its schedule requirement, so the models learn from it
                         (default: every response other than ``none``; give 0 for presses during a
                         time-out or short of a ratio requirement, which teach nothing)
time         derived     minutes from the start of the experiment (default: one minute per trial,
                         one day per session)
duration     0           seconds, for event exports
prime ...    0           interventions at this trial: prime, stress, depotentiation, amnestic,
                         enrichment (magnitudes)
============ =========== ==========================================================================

Default ``available``: every option chosen anywhere in the dataset; ``none`` is included when
some choice is ``none``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.protocols.schema import ACTIONS, INTERVENTIONS

NUMERIC = ("us", "cr", "reward", "drug", "shock", "delay", "duration") + INTERVENTIONS
"""Optional numeric columns (missing cells: 0, except ``cr`` which stays missing)."""

OPTIONAL = ("session", "trial", "phase", "context", "cues", "available", "pavlovian", "cue",
            "delivered", "completed", "time") + NUMERIC


@dataclass
class TrialData:
    """Validated trial-level data in the tidy schema (see the module docstring).

    Attributes
    ----------
    trials : pandas.DataFrame
        The normalised table, sorted by subject, session, trial; ``choice`` holds option names
        (``None`` for a missing response) and ``row`` the 1-based data row of the source file.
    source : str
        Where the data came from (file name), used in error messages and outputs.
    meta : dict
        Import details (adapter, column mapping, units).
    """

    trials: pd.DataFrame
    source: str = "data"
    meta: dict = field(default_factory=dict)

    @property
    def subjects(self) -> list[str]:
        return list(dict.fromkeys(self.trials["subject"]))

    @property
    def n_subjects(self) -> int:
        return len(self.subjects)

    def subset(self, subjects) -> "TrialData":
        keep = self.trials["subject"].isin([str(s) for s in subjects])
        return TrialData(self.trials[keep].reset_index(drop=True), self.source, dict(self.meta))


def _err(source, row, column, message) -> RemissionError:
    where = f"{source}, row {row}" if row is not None else source
    return RemissionError(f"{where}, column {column!r}: {message}")


def validate(df: pd.DataFrame, source: str = "data", options: Mapping | None = None,
             rows=None) -> TrialData:
    """Check and normalise a table in the tidy schema.

    Parameters
    ----------
    df : pandas.DataFrame
        Raw table (column names are matched case-insensitively).
    source : str
        File name for error messages.
    options : mapping, optional
        Numeric choice code -> option name (default ``{0: none, 1: drug, 2: alternative,
        3: inactive}``).
    rows : array of int, optional
        Row numbers of the source to name in errors (default 1..n).

    Raises
    ------
    RemissionError
        Naming the file, the row and the column of the first problem.
    """
    df = df.rename(columns={c: str(c).strip().lower() for c in df.columns}).reset_index(drop=True)
    rows = np.arange(1, len(df) + 1) if rows is None else np.asarray(rows)
    df["row"] = rows
    if len(df) == 0:
        raise RemissionError(f"{source}: the table has no rows")
    pav_only = "pavlovian" in df and "choice" not in df
    for col in ("subject",) + (() if pav_only else ("choice",)):
        if col not in df:
            raise _err(source, None, col, f"required column is missing; columns present: "
                       f"{', '.join(c for c in df.columns if c != 'row')}")
    if df["subject"].isna().any():
        raise _err(source, int(rows[df["subject"].isna().to_numpy().argmax()]), "subject", "empty")
    out = pd.DataFrame({"subject": df["subject"].map(_label), "row": rows})
    for col in ("session", "trial"):
        if col in df:
            vals = _numeric(df[col], source, col, rows)
            if np.isnan(vals).any():
                raise _err(source, int(rows[np.isnan(vals).argmax()]), col, "empty; give an integer")
            out[col] = vals.astype(np.int64)
    if "session" not in out:
        out["session"] = 0
    if "trial" not in out:
        out["trial"] = out.groupby(["subject", "session"], sort=False).cumcount()
    for col, default in (("phase", "data"), ("context", "A")):
        out[col] = df[col].fillna(default).map(_label) if col in df else default
    for col in ("cues", "cue"):
        out[col] = df[col].fillna("").map(lambda v: "" if v == "" else _label(v)) if col in df else ""
    out["pavlovian"] = _bool(df["pavlovian"], source, "pavlovian", rows) if "pavlovian" in df else False
    for col in NUMERIC:
        vals = _numeric(df[col], source, col, rows) if col in df else np.full(len(df), np.nan)
        out[col] = vals if col == "cr" else np.nan_to_num(vals, nan=0.0)
    out["choice"] = pd.Series(_choices(df.get("choice"), out["pavlovian"].to_numpy(), source, rows,
                                       options), dtype=object)
    derived = (out["reward"] != 0) | (out["drug"] != 0) | (out["shock"] != 0)
    out["delivered"] = _bool(df["delivered"], source, "delivered", rows) if "delivered" in df else derived
    responded = out["choice"].map(lambda c: isinstance(c, str) and c != "none").to_numpy(bool)
    out["completed"] = (_bool(df["completed"], source, "completed", rows) if "completed" in df
                        else np.ones(len(df), bool)) & responded
    if "time" in df:
        out["time"] = _numeric(df["time"], source, "time", rows)
    order = pd.Categorical(out["subject"], categories=list(dict.fromkeys(out["subject"])))
    out = (out.assign(_order=order.codes).sort_values(["_order", "session", "trial"], kind="stable")
           .drop(columns="_order").reset_index(drop=True))
    if "time" not in out or out["time"].isna().any():
        default_time = out["session"] * 1440.0 + out.groupby(["subject", "session"]).cumcount()
        out["time"] = out["time"].fillna(default_time) if "time" in out else default_time
    out["available"] = _available(df, out, source)
    observed = out["choice"].notna() | out["cr"].notna()
    per_subject = observed.groupby(out["subject"], sort=False).sum()
    if (per_subject == 0).any():
        subj = per_subject.index[(per_subject == 0).to_numpy().argmax()]
        first = int(out.loc[out["subject"] == subj, "row"].min())
        raise _err(source, first, "choice" if "choice" in df else "cr",
                   f"subject {subj!r} has no trials with an observed response; remove the subject "
                   f"or supply its responses")
    return TrialData(out, source=source)


def _label(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _numeric(col: pd.Series, source, name, rows) -> np.ndarray:
    vals = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(vals) & col.notna().to_numpy() & (col.astype(str).str.strip() != "").to_numpy()
    if bad.any():
        i = int(bad.argmax())
        raise _err(source, int(rows[i]), name, f"{col.iloc[i]!r} is not a number")
    return vals


def _bool(col: pd.Series, source, name, rows) -> np.ndarray:
    text = col.astype(str).str.strip().str.lower()
    true, false = {"1", "1.0", "true", "yes", "y", "t"}, {"0", "0.0", "false", "no", "n", "f", "", "nan", "none"}
    bad = ~text.isin(true | false)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise _err(source, int(rows[i]), name, f"{col.iloc[i]!r} is not true/false (1/0)")
    return text.isin(true).to_numpy()


def _choices(col, pavlovian, source, rows, options) -> list:
    codes = {int(k): v for k, v in (options or dict(enumerate(ACTIONS))).items()}
    for name in codes.values():
        if name not in ACTIONS:
            raise RemissionError(f"options maps to {name!r}; valid options: {', '.join(ACTIONS)}")
    out = []
    values = col.tolist() if col is not None else [None] * len(pavlovian)
    for i, v in enumerate(values):
        text = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip().lower()
        if pavlovian[i] or text in ("", "nan", "na"):
            out.append(None)
        elif text in ACTIONS:
            out.append(text)
        else:
            try:
                num = float(text)
            except ValueError:
                raise _err(source, int(rows[i]), "choice",
                           f"{v!r} is neither an option ({', '.join(ACTIONS)}) nor a numeric code") from None
            if not num.is_integer() or int(num) not in codes:
                raise _err(source, int(rows[i]), "choice",
                           f"code {v!r} is not mapped to an option; codes: {codes}")
            out.append(codes[int(num)])
    return out


def _available(raw: pd.DataFrame, out: pd.DataFrame, source) -> list:
    chosen = {c for c in out["choice"] if isinstance(c, str)}
    default = ";".join(a for a in ACTIONS if a in chosen)
    col = raw.set_index("row")["available"].reindex(out["row"]).tolist() if "available" in raw else None
    result = []
    for i, (choice, pav) in enumerate(zip(out["choice"], out["pavlovian"])):
        text = "" if col is None or col[i] is None or (isinstance(col[i], float) and np.isnan(col[i])) \
            else str(col[i]).strip().lower()
        names = [s.strip() for s in text.split(";") if s.strip()] if text else default.split(";")
        for name in names:
            if name and name not in ACTIONS:
                raise _err(source, int(out["row"].iloc[i]), "available",
                           f"{name!r} is not an option; valid: {', '.join(ACTIONS)}")
        if isinstance(choice, str) and not pav and choice not in names:
            raise _err(source, int(out["row"].iloc[i]), "choice",
                       f"{choice!r} was chosen but is not available on this trial (available: "
                       f"{';'.join(names) or 'nothing'})")
        result.append(";".join(n for n in ACTIONS if n in names))
    return result


def read_trials(path: str | Path, options: Mapping | None = None, sep: str | None = None) -> TrialData:
    """Read a tidy CSV, TSV or Parquet file (see the module docstring for the columns).

    Parameters
    ----------
    path : str or Path
        ``.csv``, ``.tsv``/``.txt`` (tab-separated) or ``.parquet``.
    options : mapping, optional
        Numeric choice code -> option name.
    sep : str, optional
        Field separator for text files (default from the extension).
    """
    path = Path(path)
    if not path.is_file():
        raise RemissionError(f"data file {str(path)!r} does not exist")
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            df = pd.read_parquet(path)
        else:
            sep = sep or ("," if path.suffix.lower() == ".csv" else "\t")
            df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise RemissionError(f"{path}: cannot be read as a table ({exc})") from None
    data = validate(df, source=str(path), options=options)
    data.meta = {"adapter": "tidy", "file": str(path)}
    return data
