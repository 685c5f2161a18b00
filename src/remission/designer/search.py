"""The design search: CMA-ES over a design space, maximising the information about the hypotheses.

Objective. For a candidate design, :func:`evaluate` simulates ``pool`` subjects per hypothesis (one
batch, :mod:`remission.designer.simulate`) and returns the cross-validated probability that the
linear decoder of :mod:`remission.designer.analysis` concludes the true hypothesis from one
experiment of n subjects per group (n from the budget), with Fano's lower bound on the mutual
information I(hypothesis; data) ≥ log₂K − H_b(P_e) − P_e log₂(K − 1). This is a
*classifier-based* estimate, chosen over nested Monte Carlo because the read-outs' likelihood
has no closed form (it would need a density estimate inside every inner loop); it is biased low
(a linear decoder is not the Bayes rule and Fano's bound is loose) and its Monte Carlo standard
error is at most ``se`` (the pool is sized for it: K · pool / (2n) ≥ 1 / (4 se²) held-out
experiments). Every candidate uses the same seed, so the same simulated subjects (common random
numbers): differences between designs are not blurred by sampling noise.

Optimiser (candidates of a generation evaluated in this process, or in parallel on Dask workers
with ``executor``). CMA-ES (Hansen & Ostermeier 2001, Evol Comput 9:159; the ``cma`` package) on the
unit cube of the searched dimensions, started at its centre with σ₀ = 0.25 (a quarter of the
range, the package's advice), population size its default 4 + ⌊3 ln d⌋, its normal draws from a
generator seeded by ``seed`` (no global random state). Points decoding to the same design share
one evaluation. Designs over the day budget are infeasible (objective = their relative excess,
worse than any feasible design; never simulated).

Output, streamed to ``out``: ``evaluations.jsonl`` (a line per evaluation, written as it ends),
``search.json`` (settings), and at the end ``best.json`` and ``designs/design_<rank>.toml`` (the
best distinct designs, protocols that ``remission simulate`` runs). ``resume=True`` reads the
evaluations back and replays the optimiser: a resumed search returns what an uninterrupted one
would (a resume with more ``generations`` extends the search).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.protocols import Protocol
from remission.designer.analysis import accuracy
from remission.designer.hypotheses import Hypothesis, resolve_hypotheses
from remission.designer.readouts import ANALYSES, features
from remission.designer.simulate import simulate_pool
from remission.designer.space import DesignSpace, build, parse_space, read_space, searched

SIGMA0 = 0.25
TOP = 3


def pool_for(n: int, k: int, se: float) -> int:
    """Subjects per hypothesis so that the held-out experiments give a standard error <= ``se``."""
    return 2 * n * math.ceil(0.25 / (k * se * se))


def _evaluate_job(job):
    return evaluate(*job)


def _evaluate_all(jobs: list, executor):
    """Evaluate a generation's new candidates, yielding results in order (in-process: each as it
    ends; Dask or concurrent.futures: all in parallel)."""
    if executor is None or executor == "local":
        yield from (evaluate(*job) for job in jobs)
        return
    if type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "map"):
        yield from executor.gather(executor.map(_evaluate_job, jobs, pure=False))
        return
    if hasattr(executor, "map") and hasattr(executor, "submit"):
        yield from executor.map(_evaluate_job, jobs)
        return
    raise RemissionError(f"executor = {executor!r}: use None or 'local', a dask.distributed Client "
                         "or a concurrent.futures.Executor")


def key(values) -> str:
    return json.dumps(values, sort_keys=True)


def evaluate(space: DesignSpace, values: dict, hyps: Sequence[Hypothesis], pool: int, seed: int,
             analysis: str = "relapse", partitions: int = 20) -> dict:
    """Objective and figures of one design (see the module docstring)."""
    t0 = time.perf_counter()
    if not space.feasible(values):
        days = space.days(values)
        return {"design": values, "feasible": False, "days": days,
                "objective": (days - space.budget.days) / space.budget.days,
                "p_correct": None, "se": None, "info_bits": None, "seconds": 0.0}
    protocol = build(values, space.name)
    data = simulate_pool(hyps, {"design": protocol}, pool, seed)
    acc = accuracy(features(data, analysis)[0], values["subjects_per_group"], seed=seed,
                   partitions=partitions)
    return {"design": values, "feasible": True, "days": space.days(values),
            "objective": -acc.p_correct, "p_correct": acc.p_correct, "se": acc.se,
            "info_bits": acc.info_bits, "seconds": time.perf_counter() - t0}


@dataclass
class DesignResult:
    """What :func:`design` returns: the best designs, their protocols and every evaluation."""

    best: dict
    protocols: list[Protocol]
    evaluations: pd.DataFrame
    space: DesignSpace
    hypotheses: list[Hypothesis]
    settings: dict


def _settings(space, hyps, seed, generations, pool, analysis, se, partitions, popsize) -> dict:
    return {"seed": seed, "generations": generations, "pool": pool, "analysis": analysis,
            "se": se, "partitions": partitions, "popsize": popsize,
            "hypotheses": [f"{h.name}={h.describe()}" for h in hyps],
            "dimensions": [d.name for d in searched(space)], "fixed": dict(space.fixed),
            "budget": {"animals": space.budget.animals, "days": space.budget.days}}


def design(space, hypotheses, out: str | Path | None = None, seed: int = 0, generations: int = 10,
           analysis: str = "relapse", se: float = 0.05, partitions: int = 20,
           popsize: int | None = None, resume: bool = False,
           progress: Callable[[int, int, str], None] | None = None, executor=None) -> DesignResult:
    """Search ``space`` for the designs that best tell ``hypotheses`` apart.

    Parameters
    ----------
    space : DesignSpace, TOML path or mapping (:mod:`remission.designer.space`)
    hypotheses : list of Hypothesis, TOML path or mapping (:mod:`remission.designer.hypotheses`)
    out : path, optional
        Folder the search streams its evaluations and designs to (needed for ``resume``).
    seed : int
        Seeds the simulated subjects and the optimiser: the same seed, the same result.
    generations : int
        CMA-ES generations (each ``popsize`` candidates).
    analysis : {"relapse", "sessions"}
        Read-outs of the decoder.
    se : float
        Largest Monte Carlo standard error of a candidate's probability correct (sizes the pool).
    resume : bool
        Continue the search in ``out`` (its settings must match).
    executor : None, "local", distributed.Client or concurrent.futures.Executor
        Where a generation's candidates are evaluated: in this process (default), or in parallel
        on Dask workers or an executor (the results are the same).

    Returns
    -------
    DesignResult
    """
    import cma

    if isinstance(space, (str, Path)):
        space = read_space(space)
    elif not isinstance(space, DesignSpace):
        space = parse_space(space)
    hyps = resolve_hypotheses(hypotheses)
    if analysis not in ANALYSES:
        raise RemissionError(f"analysis = {analysis!r} is invalid; valid: {', '.join(ANALYSES)}")
    if not 0 < se < 0.5:
        raise RemissionError(f"se = {se!r} is invalid; valid: 0 < se < 0.5")
    if generations < 1:
        raise RemissionError(f"generations = {generations!r} is invalid; valid: >= 1")
    dims = searched(space)
    if not dims:
        raise RemissionError("the design space searches nothing: add a [space] table with ranges")
    n = space.subjects(space.decode([0.5] * len(dims)))
    pool = pool_for(n, len(hyps), se)
    d = max(2, len(dims))  # cma needs two coordinates; a 1-D space carries a dummy one
    lam = popsize or 4 + int(3 * math.log(d))
    settings = _settings(space, hyps, seed, generations, pool, analysis, se, partitions, lam)
    cache, log = {}, None
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        log = out / "evaluations.jsonl"
        meta = out / "search.json"
        if resume:
            if not meta.exists():
                raise RemissionError(f"--resume: {out} holds no search (no search.json); run without --resume")
            old = json.loads(meta.read_text())
            same = lambda a: {k: v for k, v in a.items() if k != "generations"}  # noqa: E731
            if same(old) != same(settings):  # more generations extend the same search
                diff = sorted(k for k in settings if old.get(k) != settings[k])
                raise RemissionError(f"--resume: {out} was searched with other settings ({', '.join(diff)}); "
                                     "give the same ones or another --out")
            for line in log.read_text().splitlines() if log.exists() else []:
                rec = json.loads(line)
                cache[key(rec["design"])] = rec
        elif log.exists():
            raise RemissionError(f"--out {out} already holds a search; use --resume or another folder")
        meta.write_text(json.dumps(settings, indent=1))
    rng, t0 = np.random.default_rng(seed), time.perf_counter()
    state = np.random.get_state()  # cma seeds NumPy's global generator: restored after the search
    try:
        es = cma.CMAEvolutionStrategy([0.5] * d, SIGMA0, {
            "bounds": [0, 1], "popsize": lam, "seed": seed + 1, "verbose": -9,
            "randn": lambda *shape: rng.standard_normal(shape)})
        table, cache = _run(es, space, dims, hyps, pool, seed, analysis, partitions, generations,
                            lam, cache, log, executor, progress)
    finally:
        np.random.set_state(state)
    ranked = _ranked(cache)
    if not ranked:
        raise RemissionError("no design within the budget: every candidate exceeds budget.days; raise "
                             "it or narrow the delays and numbers of sessions")
    protocols = [build(r["design"], f"{space.name}_{i + 1}") for i, r in enumerate(ranked[:TOP])]
    best = {**ranked[0], "n": ranked[0]["design"]["subjects_per_group"],
            "seconds_total": time.perf_counter() - t0}
    if out is not None:
        (out / "designs").mkdir(exist_ok=True)
        for i, p in enumerate(protocols):
            p.to_toml(out / "designs" / f"design_{i + 1}.toml")
        (out / "best.json").write_text(json.dumps(best, indent=1))
        table.to_csv(out / "evaluations.csv", index=False)
    return DesignResult(best, protocols, table, space, hyps, settings)


def _run(es, space, dims, hyps, pool, seed, analysis, partitions, generations, lam, cache, log,
         executor, progress):
    """The CMA-ES loop: ask, evaluate what is not cached (streaming each to ``log``), tell."""
    done, total, records = 0, generations * lam, []
    for gen in range(generations):
        xs = es.ask()
        designs = [space.decode(list(x)[: len(dims)]) for x in xs]
        todo = {}
        for i, values in enumerate(designs):
            if key(values) not in cache and key(values) not in todo:
                todo[key(values)] = (i, values)
        jobs = [(space, values, hyps, pool, seed, analysis, partitions) for _, values in todo.values()]
        done += len(xs) - len(jobs)
        for (k, (i, _)), rec in zip(todo.items(), _evaluate_all(jobs, executor)):
            cache[k] = {"generation": gen, "candidate": i, **rec}
            if log is not None:  # streamed: an interrupted search keeps what it evaluated
                with log.open("a") as fh:
                    fh.write(json.dumps(cache[k]) + "\n")
            done += 1
            if progress:
                best = min(r["objective"] for r in cache.values())
                progress(done, total, f"generation {gen + 1}/{generations}, best p_correct {-best:.3f}"
                         if best <= 0 else f"generation {gen + 1}/{generations}")
        fs = []
        for i, (x, values) in enumerate(zip(xs, designs)):
            rec = cache[key(values)]
            records.append({**rec, "generation": gen, "candidate": i, "x": [float(v) for v in x]})
            fs.append(rec["objective"])
        es.tell(xs, fs)
    return pd.DataFrame(records), cache


def _ranked(cache: dict) -> list[dict]:
    """Feasible evaluated designs, best first (ties: the earlier evaluation)."""
    feasible = [r for r in cache.values() if r["feasible"]]
    return sorted(feasible, key=lambda r: (r["objective"], r["generation"], r["candidate"]))


def finish(result: DesignResult, out: str | Path, n: Sequence[int] | None = None,
           standard: bool = True, target: float = 0.9, progress=None) -> dict:
    """Power of the best design (and of the standard designs) and the HTML report in ``out``.

    Writes ``power.csv``, ``power.png`` and ``report.html``; returns the animals per group each
    design needs for ``target`` correct conclusions (None: not within ``n``).
    """
    from remission.designer.curves import N_GRID, STANDARD, animals_needed, default_pool, design_groups, power
    from remission.designer.report import power_figure, write_report

    t0 = time.perf_counter()
    out = Path(out)
    n = tuple(N_GRID if n is None else n)
    seed, analysis = result.settings["seed"], result.settings["analysis"]
    pool = default_pool(n)
    best = result.protocols[0]
    data = simulate_pool(result.hypotheses, {"design": best}, pool, seed)
    designs = {"designed": {"design": best}} | (dict(STANDARD) if standard else {})
    tables = []
    for i, (label, d) in enumerate(designs.items()):
        kw = {"data": data} if label == "designed" else {}
        tables.append(power(design_groups(d, where=label), result.hypotheses, n=n, pool=pool,
                            seed=seed, analysis=analysis, name=label, **kw))
        if progress:
            progress(i + 1, len(designs), f"power of {label}")
    table = pd.concat(tables, ignore_index=True)
    table.to_csv(out / "power.csv", index=False)
    (out / "power.png").write_bytes(power_figure(table, target))
    needed = animals_needed(table, target)
    write_report(out / "report.html", best, table, data, needed, result.best, result.settings,
                 [f"{h.name} = {h.describe()}" for h in result.hypotheses],
                 result.best.get("seconds_total", 0.0) + time.perf_counter() - t0, target)
    (out / "needed.json").write_text(json.dumps({"target": target, "n_per_group": needed}, indent=1))
    return needed
