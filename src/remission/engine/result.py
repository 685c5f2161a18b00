"""Tidy, self-describing simulation results: a long table plus a JSON sidecar."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from remission.engine.records import session_table
from remission.protocols.schema import ACTIONS


@dataclass
class SimulationResult:
    """Result of :func:`remission.simulate`.

    Attributes
    ----------
    trials : pandas.DataFrame
        One row per subject × step: subject, group, phase, session, trial, step, time (minutes),
        context, pavlovian, us, action, completed (the response met its schedule requirement),
        drug, reward, shock, and the model's read-outs.
    params : pandas.DataFrame
        One row per subject (and group) with the parameter values used.
    config : dict
        Model, protocols, seed, number of subjects, package version: enough to rerun it.
    """

    trials: pd.DataFrame
    params: pd.DataFrame
    config: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        c = self.config
        protocols = ", ".join(c.get("protocols", {})) or "?"
        return (f"SimulationResult(model={c.get('model', '?')!r}, protocols=[{protocols}], "
                f"n_subjects={c.get('n_subjects', self.params.shape[0])}, seed={c.get('seed', '?')}, "
                f"trials: {len(self.trials):,} rows × {self.trials.shape[1]} columns)")

    def summary(self) -> pd.DataFrame:
        """Per group and phase, the mean per session (over subjects and sessions) of:

        ``<lever>_presses``
            responses on each lever (``drug``, ``alternative``, ``inactive``);
        ``infusions``, ``rewards``, ``shocks``
            deliveries (drug doses, non-drug rewards, shocks received);
        ``response``
            the model's Pavlovian conditioned response (its ``response`` read-out), averaged over
            the session's steps: what a CR measure (freezing, approach, SCR) would read;
        ``value``
            the model's Pavlovian value of the stimuli present (its ``value`` read-out).

        ``response`` and ``value`` are the Pavlovian side of a model: they stay 0 for models whose
        Pavlovian weights learn only from a US (Rescorla–Wagner, drug TD) in a protocol without
        Pavlovian trials. Columns are present when the model returns those read-outs.
        """
        sessions = session_table(self.trials)
        cols = [f"{a}_presses" for a in ACTIONS[1:]] + ["infusions", "rewards", "shocks"]
        cols += [c for c in ("response", "value") if c in sessions]
        return sessions.groupby(["group", "phase"], sort=False, observed=True)[cols].mean().reset_index()

    def save(self, directory: str | Path) -> Path:
        """Write ``trials.parquet``, ``params.parquet`` and ``result.json`` into ``directory``."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        self.trials.to_parquet(out / "trials.parquet", index=False)
        self.params.to_parquet(out / "params.parquet", index=False)
        (out / "result.json").write_text(json.dumps(self.config, indent=2, sort_keys=True))
        return out

    @classmethod
    def load(cls, directory: str | Path) -> "SimulationResult":
        """Read back what :meth:`save` wrote."""
        d = Path(directory)
        return cls(
            trials=pd.read_parquet(d / "trials.parquet"),
            params=pd.read_parquet(d / "params.parquet"),
            config=json.loads((d / "result.json").read_text()),
        )
