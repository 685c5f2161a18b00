"""Step records to result columns: the one function behind the pandas trial table and the Arrow
store, and the per-session summary every reader of results shares.

A record column is either plain values or a categorical (integer codes plus their labels); the
pandas table makes these ``pd.Categorical``, the Arrow store dictionary-encoded arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from remission.engine.compile import CompiledProtocol
from remission.engine.layout import RECORDED_OUTCOMES
from remission.protocols.schema import ACTIONS


@dataclass(frozen=True)
class Categorical:
    """Integer ``codes`` into ``labels``."""

    codes: np.ndarray
    labels: tuple[str, ...]


def step_columns(records: Mapping[str, np.ndarray], comp: CompiledProtocol, ids, group: str,
                 constants: Mapping[str, float] | None = None) -> dict:
    """Columns of the long (subject × step) table of one block of subjects.

    Parameters
    ----------
    records : mapping of str to array
        Per-step arrays of shape ``(subjects, steps)`` (action, outcomes, read-outs; any of them,
        as :func:`remission.simulate`'s ``record`` selects).
    comp : CompiledProtocol
        The compiled protocol the subjects ran through (labels, time stamps).
    ids : array of int
        Subject ids of the rows of ``records``.
    group : str
        Group name.
    constants : mapping, optional
        Extra constant columns appended at the end (e.g. a sweep's grid values).
    """
    n, T = len(ids), comp.n_steps
    o = comp.obs
    tile = lambda a: np.tile(a, n)  # noqa: E731
    cols = {
        "subject": np.repeat(np.asarray(ids, dtype=np.int64), T),
        "group": Categorical(np.zeros(n * T, np.int32), (group,)),
        "phase": Categorical(tile(o["phase"]), comp.phase_names),
        "session": tile(o["session"]),
        "trial": tile(o["trial"]),
        "step": tile(np.arange(T, dtype=np.int64)),
        "time": tile(o["time"]),
        "context": Categorical(tile(o["context_index"]), comp.context_names),
        "pavlovian": tile(o["pavlovian"]),
        "us": tile(o["us"]),
    }
    if "action" in records:
        cols["action"] = Categorical(np.asarray(records["action"]).ravel(), ACTIONS)
    for k in RECORDED_OUTCOMES:
        if k in records:
            cols[k] = np.asarray(records[k]).ravel()
    for k, v in records.items():
        if k not in cols and np.ndim(v) == 2:
            cols[k] = np.asarray(v).ravel()
    for k, v in (constants or {}).items():
        cols[k] = np.full(n * T, v)
    return cols


def to_frame(columns: Mapping) -> pd.DataFrame:
    """A pandas DataFrame of :func:`step_columns`."""
    return pd.DataFrame({k: (pd.Categorical.from_codes(v.codes, v.labels)
                             if isinstance(v, Categorical) else v) for k, v in columns.items()})


def to_arrow(columns: Mapping):
    """An Arrow table of :func:`step_columns` (categoricals dictionary-encoded with int32 codes,
    so every chunk of a run shares one schema)."""
    import pyarrow as pa

    out = {}
    for k, v in columns.items():
        if isinstance(v, Categorical):
            out[k] = pa.DictionaryArray.from_arrays(pa.array(np.asarray(v.codes, np.int32)),
                                                    pa.array(list(v.labels), pa.string()))
        else:
            out[k] = pa.array(v)
    return pa.table(out)


STEP_COLUMNS = frozenset({"subject", "group", "phase", "session", "trial", "step", "time",
                          "context", "pavlovian", "us", "action", *RECORDED_OUTCOMES})
"""Columns every trial table has; the others are the model's read-outs."""


def session_table(trials: pd.DataFrame, readouts: str = "mean",
                  windows: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Per group, subject, phase and session: presses on each lever, infusions, rewards, shocks,
    the session's context and start time, and (``readouts="mean"``) the mean of every read-out.

    ``windows`` adds the same counts over part of each session: ``{"early": (0, 10)}`` gives
    ``early_drug_presses``, ``early_infusions``, ... over the steps whose time since the session's
    first step lies in [0, 10) minutes.

    The per-step trials of a long run have millions of rows; this table keeps what read-outs and
    figures use.
    """
    keys = ["group", "subject", "phase", "session"]
    counts = {f"{a}_presses": trials["action"] == a for a in ACTIONS[1:]}
    counts |= {"infusions": trials["drug"] > 0, "rewards": trials["reward"] > 0,
               "shocks": trials["shock"] > 0}
    extra = {}
    if windows:
        start = trials.groupby(keys, sort=False, observed=True)["time"].transform("first")
        elapsed = trials["time"] - start
        for w, (lo, hi) in windows.items():
            inside = (elapsed >= lo) & (elapsed < hi)
            extra |= {f"{w}_{k}": v & inside for k, v in counts.items()}
    means = [c for c in trials.columns if readouts == "mean" and c not in STEP_COLUMNS
             and pd.api.types.is_float_dtype(trials[c])]
    # read-out means in float64 whatever the model's dtype (as the in-program summaries give them)
    df = trials.assign(**counts, **extra, **{c: trials[c].astype(np.float64) for c in means})
    agg = {k: "sum" for k in (*counts, *extra)}
    agg |= {"context": "first", "time": "first"}
    agg |= {c: "mean" for c in means}
    return df.groupby(keys, sort=False, observed=True).agg(agg).reset_index()
