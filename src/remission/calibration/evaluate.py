"""Score many candidate populations of one model against findings, as one batch per group.

Every candidate is scored by the scorecard's own rule (:func:`remission.phenomena.base.evaluate`:
``replicates`` replicate experiments of ``n_subjects`` subjects per group, the normalised
agreement of docs/PHENOMENA.md in [0, 1]). What calibration adds is batching and common random
numbers: the subjects of all candidates of a generation are simulated by one compiled program
(subject ids ``0 .. n·r − 1`` repeated once per candidate), so candidate k's subject i has the same
random stream — the same individual-difference z-scores and the same per-step uniforms — as every
other candidate's subject i. Differences in loss between candidates are then differences of
parameters, not of luck (common random numbers; Glasserman & Yao 1992, Manage Sci 38:884).

The loss of a candidate (what calibration minimises) is the scorecard's score turned round:

    L = 1 − (1/|F|) Σ_{f ∈ F} S_f

over the findings F that apply to the model (``n/a`` findings are left out; a finding whose
simulation or read-out raises scores S_f = 0). A model to which no training finding applies has
L = 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission.engine.simulation import simulate_sessions
from remission.params import Population, resolve_params
from remission.phenomena import simulated_readouts
from remission.phenomena.base import Phenomenon, Score, evaluate


@dataclass
class Scored:
    """One candidate on one finding: the scorecard's Score and the score of each replicate."""

    score: Score
    per_replicate: list

    @property
    def value(self) -> float:
        """The normalised score (0 for an error, NaN when not applicable)."""
        if self.score.status == "error":
            return 0.0
        if self.score.score is None:
            return math.nan
        return float(self.score.score.mean)


def loss(scored: Mapping[str, Scored]) -> float:
    """``1 − mean S_f`` over the applicable findings (errors count 0); 1 when none applies."""
    vals = [s.value for s in scored.values()]
    vals = [v for v in vals if math.isfinite(v)]
    return 1.0 - float(np.mean(vals)) if vals else 1.0


def replicate_score(phen: Phenomenon, sessions: pd.DataFrame, n: int, perceives) -> list[float]:
    """The normalised score of each replicate experiment alone (NaN where it does not apply)."""
    rep = sessions["subject"].to_numpy() // n
    out = []
    for r in np.unique(rep):
        s = evaluate(phen, sessions[rep == r], n, perceives)
        out.append(float(s.score.mean) if s.score is not None else math.nan)
    return out


class Evaluator:
    """Scores populations of ``model`` on ``findings`` with common random numbers.

    Parameters
    ----------
    model : str
        Registered model (a preset runs as its base model with the preset's values).
    findings : sequence of Phenomenon
    n_subjects, replicates : int
        Subjects per group per replicate experiment, and replicate experiments.
    batch : int
        Candidates per compiled call: every call is padded to ``batch · n_subjects · replicates``
        subjects, so all calls share one compiled program per group.
    """

    def __init__(self, model: str, findings: Sequence[Phenomenon], n_subjects: int,
                 replicates: int, batch: int):
        self.model = model_registry.get(model)
        self.engine, self.preset = model_registry.engine_form(self.model)
        self.findings = list(findings)
        self.n, self.r, self.batch = int(n_subjects), int(replicates), max(1, int(batch))
        self.simulations = 0

    @property
    def subjects(self) -> int:
        return self.n * self.r

    def _values(self, populations: Sequence[Population], seed: int) -> dict[str, np.ndarray]:
        ids = np.arange(self.subjects)
        parts = []
        for pop in populations:
            pop = Population({**pop.params, **{k: float(v) for k, v in self.preset.items()}})
            parts.append(resolve_params(self.engine.params, pop, self.subjects, self.engine.name,
                                        subject_ids=ids, seed=seed))
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    def score(self, populations: Sequence[Population], seed: int,
              findings: Sequence[Phenomenon] | None = None,
              per_replicate: bool = False) -> list[dict[str, Scored]]:
        """``[{finding id: Scored}]``, one dict per population, in order; ``per_replicate`` also
        scores each replicate experiment alone (for CIs over findings; it doubles the read-out
        cost, so the optimiser's loss, which needs only the mean, goes without)."""
        findings = self.findings if findings is None else list(findings)
        out: list[dict[str, Scored]] = [{} for _ in populations]
        for start in range(0, len(populations), self.batch):
            block = list(populations[start:start + self.batch])
            values = self._values(block, seed)
            ids = np.tile(np.arange(self.subjects), len(block))
            for phen in findings:
                for k, scored in enumerate(self._finding(phen, block, values, ids, seed, per_replicate)):
                    out[start + k][phen.id] = scored
        return out

    def _finding(self, phen: Phenomenon, block, values, ids, seed, per_replicate) -> list[Scored]:
        perceives = self.model.perceives
        missing = phen.missing_inputs(perceives)
        if missing:
            na = Score.not_applicable(f"not applicable: {self.model.name} has no {', '.join(missing)} input")
            return [Scored(na, []) for _ in block]
        try:
            per_group = []
            for group, protocol in phen.protocols().items():
                table = simulate_sessions(self.engine, {group: protocol}, params=values, subjects=ids,
                                          seed=seed, windows=dict(phen.windows),
                                          readouts=simulated_readouts(phen, self.engine),
                                          chunk_size=self.batch * self.subjects)
                self.simulations += 1
                rows = len(table) // len(block)
                per_group.append([table.iloc[k * rows:(k + 1) * rows] for k in range(len(block))])
        except Exception as exc:  # noqa: BLE001 - a broken finding scores 0 (loss 1), not fatal
            err = Score.error(f"error: {type(exc).__name__}: {exc}")
            return [Scored(err, []) for _ in block]
        out = []
        for k in range(len(block)):
            sessions = pd.concat([g[k] for g in per_group], ignore_index=True)
            try:
                score = evaluate(phen, sessions, self.n, perceives)
                reps = (replicate_score(phen, sessions, self.n, perceives)
                        if per_replicate and score.score is not None else [])
            except Exception as exc:  # noqa: BLE001
                score, reps = Score.error(f"error: {type(exc).__name__}: {exc}"), []
            out.append(Scored(score, reps))
        return out
