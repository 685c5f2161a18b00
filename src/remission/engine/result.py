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

    def summary(self) -> pd.DataFrame:
        """Per group and phase: mean presses per session on each lever, deliveries and read-outs."""
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
