"""Synthetic literatures: "published" targets simulated from a known population, for recovery.

To test whether calibration can recover a parameter (the erasure share ε above all), the
findings' targets are replaced by what a known *true* population produces: each applicable check
of a finding keeps its read-out and its effect, but its published rule becomes "the effect
equals the true population's effect" —

    S = exp(−½ ((e − e*) / h)²),   h = max(``REL`` · |e*|, half-width of e*'s 95 % CI, ``FLOOR``),

with e* the true population's mean effect over its replicate experiments (simulated with another
seed than the calibration's, so the calibration meets new subjects, not a copy of the truth). A
calibration on these targets should find the true parameters again; how close it gets is the
recovery benchmark (``benchmarks/calibration.py``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from remission import phenomena as phenomenon_registry
from remission.calibration.evaluate import Evaluator
from remission.params import Population
from remission.phenomena.base import Phenomenon
from remission.phenomena.checks import Check

REL = 0.25
FLOOR = 1e-3
TRUTH_SEED = 7919
"""Seed of the truth simulation (any seed other than the calibration's)."""


@dataclass(frozen=True)
class Matches(Check):
    """A check of a finding turned into a synthetic target: its effect should equal ``target``."""

    check: Check | None = None
    target: float = 0.0
    scale: float = 1.0

    def effect(self, v):
        return self.check.effect(v) - self.target

    def score(self, v):
        e = self.effect(v)
        return float(math.exp(-0.5 * (e / self.scale) ** 2)) if np.isfinite(e) else 0.0

    def passes(self, low, high):
        return bool(np.isfinite(low) and -self.scale <= low and high <= self.scale)

    def rule(self):
        return f"{self.check.name}: effect = {self.target:.3g} ± {self.scale:.3g} (synthetic target)"


def synthetic(model: str, population: Population, findings: Sequence[str], n_subjects: int,
              replicates: int, seed: int = TRUTH_SEED) -> dict[str, Phenomenon]:
    """``{finding id: Phenomenon}`` whose targets are ``population``'s effects (see module)."""
    phens = [phenomenon_registry.get(f) for f in findings]
    ev = Evaluator(model, phens, n_subjects, replicates, 1)
    scored = ev.score([population], seed)[0]
    out = {}
    for phen in phens:
        results = {c.name: c for c in scored[phen.id].score.checks}
        checks = []
        for c in phen.checks:
            res = results.get(c.name)
            if res is None or not res.applicable or res.effect is None or not np.isfinite(res.effect.mean):
                continue
            e = float(res.effect.mean)
            half = float(res.effect.high - res.effect.low) / 2 if np.isfinite(res.effect.high) else 0.0
            checks.append(Matches(name=c.name, needs=c.needs, check=c, target=e,
                                  scale=max(REL * abs(e), half, FLOOR)))
        if checks:
            out[phen.id] = dataclasses.replace(phen, checks=tuple(checks), published={})
    return out
