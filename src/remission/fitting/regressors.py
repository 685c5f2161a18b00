"""Model-based regressors: per-trial latent variables of a fitted model as BIDS ``_events.tsv``.

For every subject and session, one file ``sub-<id>_ses-<n>_task-<task>_desc-<model>_events.tsv``
with the BIDS columns ``onset`` (seconds from the first trial of the session), ``duration``
(seconds, from the data's ``duration`` column, else 0) and ``trial_type`` (the choice, or
``pavlovian``/``missing``), followed by every read-out the model reports (value, prediction error,
Q values, drug and competing traces, cause posteriors, ...), the choice probabilities ``p_<option>``
and ``log_p_choice``. A JSON sidecar describes the columns. Read-outs are computed by replaying the
subject's own history under its fitted parameters with the model's own functions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models
from remission.fitting.likelihood import replay


def regressors(result) -> pd.DataFrame:
    """Per-trial latent variables of every subject (long table aligned with the data rows)."""
    est = result.estimates()
    design = result.design
    out = replay(models.get(result.model), design, {k: est[k].to_numpy() for k in est.columns})
    frames = []
    trials = design.data.trials
    for i, subj in enumerate(design.subjects):
        rows = trials[trials["subject"] == subj]
        n = len(rows)
        frame = rows[["subject", "session", "trial", "phase", "time", "duration", "choice",
                      "pavlovian"]].reset_index(drop=True)
        for k, v in out.items():
            if v.ndim == 2:
                frame[k] = v[i, :n]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _safe(label) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", str(label)) or "x"


def export_events(result, directory, task: str = "task") -> list[Path]:
    """Write BIDS-style events files (see the module docstring); returns the paths written."""
    table = regressors(result)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    latent = [c for c in table.columns if c not in ("subject", "session", "trial", "phase", "time",
                                                     "duration", "choice", "pavlovian")]
    paths = []
    for (subj, ses), g in table.groupby(["subject", "session"], sort=False):
        onset = (g["time"] - g["time"].min()) * 60.0
        trial_type = np.where(g["pavlovian"], "pavlovian", g["choice"].fillna("missing"))
        events = pd.DataFrame({"onset": onset.round(4), "duration": g["duration"],
                               "trial_type": trial_type, "phase": g["phase"], "trial": g["trial"]})
        for c in latent:
            events[c] = g[c].to_numpy()
        name = f"sub-{_safe(subj)}_ses-{int(ses) + 1}_task-{_safe(task)}_desc-{_safe(result.model)}_events.tsv"
        events.to_csv(out / name, sep="\t", index=False, na_rep="n/a", float_format="%.6g")
        paths.append(out / name)
    sidecar = {"onset": {"Description": "trial onset from the session's first trial", "Units": "s"},
               "duration": {"Description": "trial duration (from the data)", "Units": "s"},
               "trial_type": {"Description": "observed choice (none = omission), pavlovian or missing"},
               "log_p_choice": {"Description": "model log-probability of the observed choice"}}
    for c in latent:
        sidecar.setdefault(c, {"Description": f"{result.model} read-out {c!r} on this trial "
                                             f"(p_<option>: predicted choice probability)"})
    (out / f"task-{_safe(task)}_desc-{_safe(result.model)}_events.json").write_text(
        json.dumps(sidecar, indent=2))
    return paths
