"""CMA-ES over a :class:`~remission.calibration.space.Space`, a generation at a time.

The optimiser is the covariance matrix adaptation evolution strategy (Hansen & Ostermeier 2001,
Evol Comput 9:159; Hansen 2016, arXiv:1604.00772) from the ``cma`` package (``cma>=3.3,<5``),
chosen because it is maintained (the reference implementation, by CMA-ES's author), because its
ask/tell interface hands over a whole generation of λ candidates at once — so a generation is
simulated as one batch of subjects by one compiled program, or spread over Dask workers — and
because it handles box bounds itself (``BoundTransform``). It needs no gradient: the scorecard's
score is a piecewise function of simulated counts, which autodiff cannot see through. Each
generation samples

    x_k = m + σ B D z_k,   z_k ~ N(0, I),   k = 1..λ,

and moves the mean m, step size σ and covariance C = B D² Bᵀ towards the best μ = λ/2 candidates.

The random stream ``z`` comes from ``numpy.random.default_rng(seed)`` passed as cma's ``randn``
(no global random state), so the same seed asks the same candidates, and a replay told the same
losses (:class:`~remission.calibration.store.Log`) retraces a run exactly.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from remission.calibration.space import Space
from remission.calibration.store import Log
from remission.errors import RemissionError

SIGMA0 = 1.0
"""Initial step size on the unconstrained scale (one logit: a parameter at 0.5 explores ~0.27–0.73)."""


@dataclass
class Trace:
    """Result of one optimisation stage: the best candidate and the loss of every generation."""

    stage: str
    space: Space
    best_x: np.ndarray
    best_loss: float
    best: dict
    evaluations: int
    generations: list = field(default_factory=list)
    seconds: float = 0.0


def minimise(space: Space, objective: Callable[[Sequence[np.ndarray]], list[dict]], *,
             stage: str, evaluations: int, popsize: int, seed: int, log: Log,
             on_generation: Callable[[int, int, float], None] | None = None,
             on_best: Callable[[dict], None] | None = None) -> Trace:
    """Minimise ``objective`` (candidates -> records with a ``loss``) with CMA-ES.

    ``evaluations // popsize`` generations (at least one) of ``popsize`` candidates each; the
    first generation's first candidate is the start (the model's default population), so a
    calibration can only improve on the defaults. Evaluations already in ``log`` are replayed,
    not simulated.
    """
    t0 = time.perf_counter()
    if space.dim == 0:
        return _evaluate_only(space, objective, stage, seed, log, on_generation, on_best, t0)
    import cma

    generations = max(1, evaluations // popsize)
    rng = np.random.default_rng(seed)
    lo, hi = space.bounds()
    x0 = space.x0()
    opts = {"popsize": popsize, "bounds": [lo, hi], "seed": math.nan, "verbose": -9,
            "verb_disp": 0, "verb_log": 0, "randn": lambda *shape: rng.standard_normal(shape),
            "maxiter": generations, "tolfun": 0, "tolflatfitness": 10 ** 9, "tolfunhist": 0,
            "tolx": 0, "tolstagnation": 10 ** 9}
    es = cma.CMAEvolutionStrategy(x0, SIGMA0, opts)
    best: dict | None = None
    losses = []
    for g in range(generations):
        xs = [np.asarray(x, float) for x in es.ask()]
        if g == 0:
            xs[0] = np.clip(x0, lo, hi)
        records: list[dict | None] = [log.get(stage, g, i) for i in range(len(xs))]
        for i, rec in enumerate(records):
            if rec is not None and not np.allclose(rec["x"], xs[i], rtol=0, atol=1e-12):
                raise RemissionError(f"--resume: the log of {stage} generation {g} does not match "
                                     "the optimiser's replay (was the code or a setting changed?)")
        todo = [i for i, r in enumerate(records) if r is None]
        if todo:
            fresh = objective([xs[i] for i in todo])
            for i, rec in zip(todo, fresh):
                records[i] = {"stage": stage, "generation": g, "index": i, "seed": seed,
                              "x": [float(v) for v in xs[i]], "values": space.values(xs[i]), **rec}
            log.add([records[i] for i in todo])
        f = [float(r["loss"]) for r in records]
        es.tell(xs, f)
        losses.append(f)
        k = int(np.argmin(f))
        if best is None or f[k] < best["loss"]:
            best = records[k]
            if on_best:
                on_best(best)
        if on_generation:
            on_generation(g + 1, generations, best["loss"])
    return Trace(stage, space, np.asarray(best["x"]), float(best["loss"]), best,
                 generations * popsize, losses, time.perf_counter() - t0)


def _evaluate_only(space, objective, stage, seed, log, on_generation, on_best, t0) -> Trace:
    """A space with nothing to fit (a profile point of a one-parameter calibration): the one
    population is evaluated once."""
    x = np.zeros(0)
    rec = log.get(stage, 0, 0)
    if rec is None:
        rec = {"stage": stage, "generation": 0, "index": 0, "seed": seed, "x": [],
               "values": space.values(x), **objective([x])[0]}
        log.add([rec])
    if on_best:
        on_best(rec)
    if on_generation:
        on_generation(1, 1, float(rec["loss"]))
    return Trace(stage, space, x, float(rec["loss"]), rec, 1, [[float(rec["loss"])]],
                 time.perf_counter() - t0)
