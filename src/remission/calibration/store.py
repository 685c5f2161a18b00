"""What a calibration streams to its folder, and how ``--resume`` reads it back.

``DIR/state.json``
    The configuration (models, split, budget, seed): a resumed run must match it.
``DIR/history.jsonl``
    One JSON line per evaluation, written as soon as its generation is scored: the stage
    (``dual_trace/train``, ``dual_trace/profile/epsilon=0.25``, ``dual_trace/loo/renewal``), the
    generation and index within it, the candidate vector, the population means, the loss and every
    finding's score and status. Final scorings (held-out findings, fresh seeds) are lines too.
``DIR/history.csv``
    The same evaluations as a table (rewritten after every generation).
``DIR/<model>/best.toml``
    The best population so far, as a population file (``remission scorecard --population``).

Resuming replays the optimiser with the same seed (CMA-ES is deterministic given its random
stream and the losses it is told), taking every logged evaluation from the log instead of
simulating it again, so a resumed run ends exactly where an uninterrupted one would.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from remission.errors import RemissionError


def _clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


class Log:
    """The evaluation log of one calibration folder (``None`` folder: in memory only)."""

    def __init__(self, folder: Path | None, config: Mapping, resume: bool = False):
        self.folder = folder
        self.records: dict[tuple, dict] = {}
        self.order: list[tuple] = []
        self.replayed = 0
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        state = folder / "state.json"
        config = json.loads(json.dumps(_clean(dict(config))))
        if state.exists():
            if not resume:
                raise RemissionError(f"{folder} already holds a calibration (state.json); continue it "
                                     "with --resume or choose another --out")
            old = json.loads(state.read_text())["config"]
            diff = sorted(k for k in set(old) | set(config) if old.get(k) != config.get(k))
            if diff:
                raise RemissionError(f"--resume: {folder} was calibrated with other settings ("
                                     + "; ".join(f"{k}: {old.get(k)!r} then, {config.get(k)!r} now"
                                                 for k in diff) + ")")
            self._load(folder / "history.jsonl")
        elif resume:
            raise RemissionError(f"--resume: {folder} holds no calibration to resume (no state.json)")
        state.write_text(json.dumps({"config": config}, indent=1))

    def _load(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text().splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:  # a line cut short when the run was killed
                continue
            key = (rec["stage"], rec["generation"], rec["index"])
            if key not in self.records:
                self.order.append(key)
            self.records[key] = rec

    def get(self, stage: str, generation, index: int) -> dict | None:
        rec = self.records.get((stage, generation, index))
        if rec is not None:
            self.replayed += 1
        return rec

    def add(self, records: list[dict]) -> None:
        """Append ``records`` (and flush them to disk) and refresh history.csv."""
        new = []
        for rec in records:
            key = (rec["stage"], rec["generation"], rec["index"])
            if key not in self.records:
                self.order.append(key)
                new.append(rec)
            self.records[key] = rec
        if self.folder is None or not new:
            return
        with open(self.folder / "history.jsonl", "a") as fh:
            for rec in new:
                fh.write(json.dumps(_clean(rec)) + "\n")
            fh.flush()
        self.table().to_csv(self.folder / "history.csv", index=False)

    def table(self) -> pd.DataFrame:
        """One row per logged evaluation: stage, generation, index, loss, seconds, the
        population's means (``mean.<name>``) and every finding's score (``score.<id>``)."""
        rows = []
        for key in self.order:
            rec = self.records[key]
            row = {"stage": rec["stage"], "generation": rec["generation"], "index": rec["index"],
                   "seed": rec.get("seed"), "loss": rec.get("loss")}
            row |= {f"mean.{k}": v for k, v in rec.get("values", {}).items()}
            row |= {f"score.{k}": v for k, v in rec.get("scores", {}).items()}
            rows.append(row)
        return pd.DataFrame(rows)
