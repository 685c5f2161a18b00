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
group        (none)      group of the subject (condition, cohort); one per subject
cues         (none)      cues present on the trial, ``;``-separated (``tone;light``), or one 0/1
                         column per cue (``cue_columns``)
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
time         derived     time from the start of the experiment (minutes, or ``time_unit``; default:
                         one minute per trial, one day per session)
interval     (none)      instead of ``time``: time since the subject's previous trial (the first
                         row: since the start), e.g. inter-trial intervals and days between sessions
duration     0           seconds, for event exports
prime ...    0           interventions at this trial: prime, stress, depotentiation, amnestic,
                         enrichment (magnitudes)
============ =========== ==========================================================================

Default ``available``: every option chosen anywhere in the dataset; ``none`` is included when
some choice is ``none``. Columns named otherwise in a file are mapped with ``columns`` (schema
name -> file column, e.g. ``{"cr": "scr", "us": "shock_delivered"}``). Each (subject, session,
trial) may appear once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.io import cells
from remission.protocols.schema import INTERVENTIONS, UNITS_IN_MINUTES

NUMERIC = ("us", "cr", "reward", "drug", "shock", "delay", "duration") + INTERVENTIONS
"""Optional numeric columns (missing cells: 0, except ``cr`` which stays missing)."""

OPTIONAL = ("session", "trial", "phase", "group", "context", "cues", "available", "pavlovian",
            "cue", "delivered", "completed", "time", "interval") + NUMERIC


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

    @property
    def groups(self) -> list[str] | None:
        """Group of each subject (in :attr:`subjects` order), or None without a group column."""
        if "group" not in self.trials:
            return None
        return self.trials.groupby("subject", sort=False)["group"].first().tolist()

    def subset(self, subjects) -> "TrialData":
        keep = self.trials["subject"].isin([str(s) for s in subjects])
        return TrialData(self.trials[keep].reset_index(drop=True), self.source, dict(self.meta))


def validate(df: pd.DataFrame, source: str = "data", options: Mapping | None = None,
             rows=None, columns: Mapping[str, str] | None = None,
             cue_columns: Sequence[str] | None = None, time_unit: str = "min") -> TrialData:
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
    columns : mapping, optional
        Schema column -> column of ``df`` holding it (``{"cr": "scr"}``).
    cue_columns : sequence of str, optional
        Columns of 0/1 cue indicators; they make up ``cues`` (with any ``cues`` column).
    time_unit : str
        Unit of ``time``/``interval`` (``s``, ``min``, ``h``, ``days``...; default minutes).

    Raises
    ------
    RemissionError
        Naming the file, the row and the column of the first problem.
    """
    df = _renamed(df, columns, source)
    rows = np.arange(1, len(df) + 1) if rows is None else np.asarray(rows)
    df["row"] = rows
    if len(df) == 0:
        raise RemissionError(f"{source}: the table has no rows")
    pav_only = "choice" not in df and ("pavlovian" in df or "cr" in df)
    for col in ("subject",) + (() if pav_only else ("choice",)):
        if col not in df:
            raise cells.error(source, None, col, f"required column is missing; columns present: "
                              f"{', '.join(c for c in df.columns if c != 'row')}")
    if df["subject"].isna().any():
        raise cells.error(source, int(rows[df["subject"].isna().to_numpy().argmax()]), "subject", "empty")
    out = pd.DataFrame({"subject": df["subject"].map(cells.label), "row": rows})
    for col in ("session", "trial"):
        if col in df:
            vals = cells.numeric(df[col], source, col, rows)
            if np.isnan(vals).any():
                raise cells.error(source, int(rows[np.isnan(vals).argmax()]), col, "empty; give an integer")
            out[col] = vals.astype(np.int64)
    if "session" not in out:
        out["session"] = 0
    if "trial" not in out:
        out["trial"] = out.groupby(["subject", "session"], sort=False).cumcount()
    for col, default in (("phase", "data"), ("context", "A")):
        out[col] = df[col].fillna(default).map(cells.label) if col in df else default
    if "group" in df:
        out["group"] = df["group"].fillna("").map(cells.label)
    for col in ("cues", "cue"):
        out[col] = df[col].fillna("").map(lambda v: "" if v == "" else cells.label(v)) if col in df else ""
    if cue_columns:
        extra = cells.cue_indicators(df, cue_columns, source, rows)
        out["cues"] = [";".join(filter(None, (a, b))) for a, b in zip(out["cues"], extra)]
    out["pavlovian"] = (cells.boolean(df["pavlovian"], source, "pavlovian", rows) if "pavlovian" in df
                        else pav_only)
    for col in NUMERIC:
        vals = cells.numeric(df[col], source, col, rows) if col in df else np.full(len(df), np.nan)
        out[col] = vals if col == "cr" else np.nan_to_num(vals, nan=0.0)
    out["choice"] = pd.Series(cells.choices(df.get("choice"), out["pavlovian"].to_numpy(), source,
                                            rows, options), dtype=object)
    derived = (out["reward"] != 0) | (out["drug"] != 0) | (out["shock"] != 0)
    out["delivered"] = cells.boolean(df["delivered"], source, "delivered", rows) if "delivered" in df else derived
    responded = out["choice"].map(lambda c: isinstance(c, str) and c != "none").to_numpy(bool)
    out["completed"] = (cells.boolean(df["completed"], source, "completed", rows) if "completed" in df
                        else np.ones(len(df), bool)) & responded
    out["available"] = cells.available(df["available"].tolist() if "available" in df else None,
                                       out["choice"], out["pavlovian"], rows, source)
    out["_time"] = _times(df, source, rows, time_unit)
    order = pd.Categorical(out["subject"], categories=list(dict.fromkeys(out["subject"])))
    out = (out.assign(_order=order.codes).sort_values(["_order", "session", "trial"], kind="stable")
           .drop(columns="_order").reset_index(drop=True))
    _check_unique(out, source)
    out["time"] = _clock(df, out)
    out = out.drop(columns="_time")
    _check_groups(out, source)
    _check_observed(out, source, "choice" if "choice" in df else "cr")
    return TrialData(out, source=source)


def _renamed(df: pd.DataFrame, columns, source) -> pd.DataFrame:
    lower = {str(c).strip().lower(): c for c in df.columns}
    mapping = {}
    for schema, name in (columns or {}).items():
        key = str(name).strip().lower()
        if key not in lower:
            raise cells.error(source, None, name, f"mapped to {schema!r} but not in the file; columns "
                              f"present: {', '.join(map(str, df.columns))}")
        mapping[lower[key]] = schema
    df = df.rename(columns=mapping)
    return df.rename(columns={c: str(c).strip().lower() for c in df.columns}).reset_index(drop=True)


def _times(df, source, rows, unit) -> np.ndarray:
    """``time`` or ``interval`` in minutes (NaN where not given), before sorting."""
    if unit not in UNITS_IN_MINUTES:
        raise RemissionError(f"time_unit = {unit!r}; valid: {', '.join(UNITS_IN_MINUTES)}")
    if "time" in df and "interval" in df:
        raise cells.error(source, None, "interval", "give either time (since the start) or interval "
                          "(since the previous trial), not both")
    col = "time" if "time" in df else "interval" if "interval" in df else None
    if col is None:
        return np.full(len(df), np.nan)
    vals = cells.numeric(df[col], source, col, rows) * UNITS_IN_MINUTES[unit]
    if col == "interval" and (np.isnan(vals) | (vals < 0)).any():
        i = int((np.isnan(vals) | (vals < 0)).argmax())
        raise cells.error(source, int(rows[i]), "interval", f"{df[col].iloc[i]!r}: an interval is a "
                          f"time >= 0 since the previous trial")
    return vals


def _clock(df, out) -> pd.Series:
    """Minutes from the start: given, cumulated from intervals, or one per trial and a day per session."""
    if "interval" in df:
        return out.groupby("subject", sort=False)["_time"].cumsum()
    default = out["session"] * 1440.0 + out.groupby(["subject", "session"]).cumcount()
    return out["_time"].fillna(default)


def _check_unique(out, source) -> None:
    dup = out.duplicated(["subject", "session", "trial"], keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        same = out[dup & (out["subject"] == first["subject"]) & (out["session"] == first["session"])
                   & (out["trial"] == first["trial"])]["row"].tolist()
        raise cells.error(source, int(same[-1]), "trial",
                          f"subject {first['subject']!r}, session {first['session']}, trial "
                          f"{first['trial']} appears more than once (rows {', '.join(map(str, same))}); "
                          f"each trial may appear once")


def _check_groups(out, source) -> None:
    if "group" not in out:
        return
    n = out.groupby("subject", sort=False)["group"].nunique()
    if (n > 1).any():
        subj = n.index[(n > 1).to_numpy().argmax()]
        rows = out.loc[out["subject"] == subj]
        change = rows[rows["group"] != rows["group"].iloc[0]].iloc[0]
        raise cells.error(source, int(change["row"]), "group",
                          f"subject {subj!r} is in group {rows['group'].iloc[0]!r} and in "
                          f"{change['group']!r}; a subject belongs to one group")


def _check_observed(out, source, column) -> None:
    observed = out["choice"].notna() | out["cr"].notna()
    per_subject = observed.groupby(out["subject"], sort=False).sum()
    if (per_subject == 0).any():
        subj = per_subject.index[(per_subject == 0).to_numpy().argmax()]
        first = int(out.loc[out["subject"] == subj, "row"].min())
        raise cells.error(source, first, column, f"subject {subj!r} has no trials with an observed "
                          f"response; remove the subject or supply its responses")
