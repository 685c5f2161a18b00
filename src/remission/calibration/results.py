"""Scores of a calibrated population, summarised with confidence intervals over replicates.

The score of a model on a set of findings F is the mean of the findings' normalised scores; its
95 % CI is the t-interval over replicate experiments of the per-replicate mean

    S_r = (1/|F_r|) Σ_{f ∈ F} S_{f,r},

(F_r: the findings scored in replicate r; a finding that raised counts 0) — each replicate is an
independent set of experiments, one per finding, as a lab would run them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from remission.calibration.evaluate import Scored
from remission.phenomena.checks import interval


def record(scored: Mapping[str, Scored]) -> dict:
    """A JSON-able record of one candidate's scores (what the log stores)."""
    from remission.calibration.evaluate import loss

    out = {"loss": loss(scored), "scores": {}, "status": {}, "low": {}, "high": {}, "replicates": {},
           "notes": {}}
    for f, s in scored.items():
        out["scores"][f] = s.value
        out["status"][f] = s.score.status
        out["low"][f] = float(s.score.score.low) if s.score.score is not None else None
        out["high"][f] = float(s.score.score.high) if s.score.score is not None else None
        out["replicates"][f] = [float(v) for v in s.per_replicate]
        if s.score.status in ("error", "n/a"):
            out["notes"][f] = s.score.note
    return out


def _finite(v) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)


def summarise(rec: Mapping, findings: Sequence[str]) -> dict:
    """``{"score", "low", "high", "n", "passed"}`` of ``rec`` over ``findings`` (see module)."""
    used = [f for f in findings if rec["status"].get(f) not in (None, "n/a")]
    if not used:
        return {"score": math.nan, "low": math.nan, "high": math.nan, "n": 0, "passed": 0,
                "replicates": []}
    reps = []
    width = max((len(rec["replicates"].get(f) or []) for f in used), default=0)
    for r in range(width):
        vals = []
        for f in used:
            if rec["status"][f] == "error":
                vals.append(0.0)
                continue
            per = rec["replicates"].get(f) or []
            if r < len(per) and _finite(per[r]):
                vals.append(per[r])
        if vals:
            reps.append(float(np.mean(vals)))
    m, lo, hi = interval(reps) if reps else (math.nan,) * 3
    mean = float(np.mean([rec["scores"][f] if _finite(rec["scores"][f]) else 0.0 for f in used]))
    return {"score": mean, "low": max(0.0, lo), "high": min(1.0, hi), "n": len(used),
            "passed": sum(rec["status"][f] == "pass" for f in used), "replicates": reps}
