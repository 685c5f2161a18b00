"""``remission.calibrate``: every model fitted to the literature with the same budget and
optimiser, and judged on findings it never saw.

For each model: CMA-ES (:mod:`~remission.calibration.optimise`) searches its population (the
means of its free parameters and one spread scale, :mod:`~remission.calibration.space`) to
minimise the loss ``1 − mean score`` over the training findings
(:mod:`~remission.calibration.evaluate`). The best population is then scored afresh — a new seed,
so the training score is not the optimiser's luck — on the training and on the held-out findings
(:mod:`~remission.calibration.splits`), and written as a population file. Every model gets the same
budget: ``evaluations`` candidates × ``n_subjects`` subjects × ``replicates`` replicate experiments
per finding, and the same optimiser settings (``popsize``, step size, seed); the best is scored with
``score_replicates`` × ``score_subjects`` (:class:`Budget`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission import phenomena as phenomenon_registry
from remission._version import __version__
from remission.calibration import splits as splitting
from remission.calibration.evaluate import Evaluator
from remission.calibration.optimise import SIGMA0, Trace, minimise
from remission.calibration.results import record, summarise
from remission.calibration.space import Space
from remission.calibration.store import Log
from remission.errors import RemissionError
from remission.params import write_population

SCORE_SEED = 1
"""Final scorings use ``seed + SCORE_SEED``: the best candidate is judged on experiments the
optimiser never saw (its training score at the optimiser's own seed is biased upwards)."""


@dataclass(frozen=True)
class Budget:
    """The budget every model gets alike.

    ``evaluations`` candidate populations (``evaluations // popsize`` CMA-ES generations of
    ``popsize``), each scored on every training finding with ``replicates`` replicate experiments
    of ``n_subjects`` subjects per group; a profile point gets ``profile_evaluations``. The
    calibrated population is then scored once (training and held-out findings, fresh seed) with
    ``score_replicates`` experiments of ``score_subjects``: the optimiser's small experiments keep
    the search cheap, but judged at that size a minority of 17 % is two rats of twelve and a
    t-interval over 3 replicates (t = 4.3) spans most of [0, 1], so a population that reproduces a
    share-of-subjects finding fails it for want of power.
    """

    evaluations: int = 96
    popsize: int = 12
    n_subjects: int = 12
    replicates: int = 3
    profile_evaluations: int = 12
    score_subjects: int = 48
    score_replicates: int = 6

    def __post_init__(self):
        for name in ("evaluations", "popsize", "profile_evaluations"):
            if getattr(self, name) < 1:
                raise RemissionError(f"{name} = {getattr(self, name)}: must be at least 1")
        if self.popsize < 2:
            raise RemissionError(f"popsize = {self.popsize}: CMA-ES needs at least 2 candidates per generation")
        for name in ("n_subjects", "score_subjects"):
            if getattr(self, name) < 2:
                raise RemissionError(f"{name} = {getattr(self, name)}: the effect sizes need at least 2 "
                                     "subjects per group")
        for name in ("replicates", "score_replicates"):
            if getattr(self, name) < 2:
                raise RemissionError(f"{name} = {getattr(self, name)}: a confidence interval needs at "
                                     "least 2 replicate experiments")

    @property
    def units(self) -> int:
        """evaluations × subjects × replicates (per training finding and group)."""
        return self.evaluations * self.n_subjects * self.replicates


@dataclass
class Fitted:
    """One calibration stage of one model: its trace, the best population and its fresh scores."""

    model: str
    stage: str
    trace: Trace
    train: tuple[str, ...]
    test: tuple[str, ...]
    scores: dict
    path: Path | None = None

    @property
    def population(self):
        return self.trace.space.population(self.trace.best_x)

    def summary(self, which: str) -> dict:
        return summarise(self.scores, self.train if which == "train" else self.test)


@dataclass
class CalibrationResult:
    """What :func:`calibrate` returns.

    Attributes
    ----------
    fits : dict
        ``{model: Fitted}`` for the split (``cv="none"``).
    cv : dict
        ``{model: [Fitted, ...]}`` one per left-out finding (``cv="leave-one-out"``).
    profiles : dict
        ``{model: Profile}`` (:mod:`~remission.calibration.profile`).
    config : dict
    """

    fits: dict = field(default_factory=dict)
    cv: dict = field(default_factory=dict)
    profiles: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    out: Path | None = None
    seconds: float = 0.0

    def table(self) -> pd.DataFrame:
        """One row per model × finding: set (train, test), score, CI, status."""
        rows = []
        for m, fit in self.fits.items():
            for part, ids in (("train", fit.train), ("test", fit.test)):
                for f in ids:
                    rows.append(_row(m, f, part, fit.scores))
        for m, folds in self.cv.items():
            for fit in folds:
                rows += [_row(m, f, "test (leave-one-out)", fit.scores) for f in fit.test]
        return pd.DataFrame(rows)

    def summary(self, penalty: float | None = None) -> pd.DataFrame:
        """Per model: free parameters, training and held-out score with CIs, and the penalised
        held-out score (:func:`remission.calibration.compare.compare`)."""
        from remission.calibration.compare import compare

        return compare(self, penalty)


def _row(model, finding, part, scores) -> dict:
    return {"model": model, "finding": finding, "set": part, "score": scores["scores"].get(finding),
            "low": scores["low"].get(finding), "high": scores["high"].get(finding),
            "status": scores["status"].get(finding), "note": scores.get("notes", {}).get(finding, "")}


class Session:
    """The shared machinery of one :func:`calibrate` call: budget, log, progress and evaluators."""

    def __init__(self, budget: Budget, seed: int, log: Log, out: Path | None,
                 progress: Callable[[int, int, str], None] | None, scheduler=None):
        self.budget, self.seed, self.log, self.out = budget, int(seed), log, out
        self.progress = progress
        self.total = 0
        self.done = 0
        self.scheduler = scheduler
        self.targets: dict = {}
        self._evaluators: dict = {}

    def phenomenon(self, finding: str):
        """The finding (or its synthetic replacement, :mod:`~remission.calibration.targets`)."""
        return self.targets.get(finding) or phenomenon_registry.get(finding)

    def evaluator(self, model: str, final: bool = False) -> Evaluator:
        """The optimiser's evaluator of ``model``, or (``final``) the one that scores a result."""
        b = self.budget
        if (model, final) not in self._evaluators:
            self._evaluators[model, final] = (
                Evaluator(model, [], b.score_subjects, b.score_replicates, 1) if final
                else Evaluator(model, [], b.n_subjects, b.replicates, b.popsize))
        return self._evaluators[model, final]

    def tick(self, label: str, steps: int = 1) -> None:
        self.done += steps
        if self.progress:
            self.progress(self.done, max(self.total, self.done), label)

    def objective(self, space: Space, findings: Sequence):
        ev = self.evaluator(space.model)

        def f(xs):
            pops = [space.population(x) for x in xs]
            if self.scheduler is not None:
                from remission.calibration.distribute import score_on

                scored = score_on(self.scheduler, ev, pops, self.seed, findings)
            else:
                scored = ev.score(pops, self.seed, findings)
            return [record(s) for s in scored]

        return f

    def fit(self, space: Space, stage: str, train: Sequence[str], test: Sequence[str],
            evaluations: int, best_path: Path | None = None, meta: Mapping | None = None) -> Fitted:
        """Calibrate ``space`` on ``train``; score the best population afresh on train + test."""
        phens = [self.phenomenon(p) for p in train]
        b = self.budget

        def on_best(rec):
            if best_path is not None:
                self.write(space, np.asarray(rec["x"]), best_path, stage, rec["loss"], meta)

        trace = minimise(space, self.objective(space, phens), stage=stage, evaluations=evaluations,
                         popsize=b.popsize, seed=self.seed, log=self.log, on_best=on_best,
                         on_generation=lambda g, n, best: self.tick(f"{stage} gen {g}/{n} · best loss {best:.3f}"))
        scores = self.final(space, trace.best_x, stage, tuple(train) + tuple(test))
        self.tick(f"{stage} scored")
        return Fitted(space.model, stage, trace, tuple(train), tuple(test), scores, best_path)

    def final(self, space: Space, x, stage: str, findings: Sequence[str]) -> dict:
        """Scores of candidate ``x`` on ``findings`` at the fresh seed (logged; replayed on resume)."""
        rec = self.log.get(stage, "final", 0)
        if rec is not None and set(rec["scores"]) == set(findings):
            return rec
        ev = self.evaluator(space.model, final=True)
        phens = [self.phenomenon(p) for p in findings]
        scored = ev.score([space.population(x)], self.seed + SCORE_SEED, phens, per_replicate=True)[0]
        rec = {"stage": stage, "generation": "final", "index": 0, "seed": self.seed + SCORE_SEED,
               "x": [float(v) for v in x], "values": space.values(x), **record(scored)}
        self.log.add([rec])
        return rec

    def write(self, space: Space, x, path: Path, stage: str, loss: float, meta=None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_population(space.population(x), path, model=space.model, source="remission calibrate",
                         stage=stage, loss=float(loss), seed=self.seed, version=__version__,
                         budget=dataclasses.asdict(self.budget), **dict(meta or {}))


def check_models(models: Sequence[str] | None) -> list[str]:
    from remission.scoring.runner import default_models

    names = list(models) if models else default_models()
    for m in names:
        model_registry.get(m)  # unknown names fail (naming the valid ones) before any simulation
    return names


def calibrate(models: Sequence[str] | str | None = None, train: str | Sequence[str] = "use",
              test: str | Sequence[str] | None = None, cv: str | None = None,
              out: str | Path | None = None, budget: Budget | None = None, seed: int = 0,
              resume: bool = False, profile: bool | str = False,
              grid: Sequence[float] | None = None, fit_spread: bool = True,
              free: Sequence[str] | None = None, targets: Mapping | None = None,
              scheduler=None, report: bool = True,
              progress: Callable[[int, int, str], None] | None = None) -> CalibrationResult:
    """Calibrate each model's population on the training findings and score it on held-out ones.

    Parameters
    ----------
    models : list of str or comma-separated str, optional
        Models (default: the scorecard's models).
    train, test : str or list of str
        Tags (``use``, ``remission``), ``all`` or finding ids. Default: train on ``use``, test on
        every finding not trained on (the ``remission`` findings).
    cv : {"none", "leave-one-out"}
        ``leave-one-out``: for each finding of train + test, calibrate on the others and score it.
    out : path, optional
        Folder the calibration streams to (:mod:`~remission.calibration.store`); ``report.html``,
        ``summary.csv``, ``scores.csv`` and ``<model>/best.toml`` at the end.
    budget : Budget
        The same for every model (default :class:`Budget`).
    seed : int
        Seed of the optimiser and of the common random numbers; final scores use ``seed + 1``.
    resume : bool
        Continue the calibration in ``out`` without simulating any logged evaluation again.
    profile : bool or "auto"
        Also profile each model's erasure parameter (:mod:`~remission.calibration.profile`):
        ``True`` for every model that has one.
    grid : list of float, optional
        Profile grid (default :data:`~remission.calibration.profile.GRID` for ε).
    fit_spread : bool
        Fit the shared spread scale of individual differences as well as the means.
    free : list of str, optional
        Calibrate only these free parameters (the others keep the default population).
    targets : mapping of finding id to Phenomenon, optional
        Replacements of findings, e.g. a synthetic literature
        (:func:`remission.calibration.targets.synthetic`) for recovery.
    scheduler : None, "local", address or distributed.Client
        Spread each generation's candidates over Dask workers.
    progress : callable, optional
        ``progress(done, total, label)`` after each generation.

    Returns
    -------
    CalibrationResult

    Examples
    --------
    >>> import remission
    >>> res = remission.calibrate(["rescorla_wagner"], out="calib")  # doctest: +SKIP
    >>> res.summary()  # doctest: +SKIP
    """
    t0 = time.perf_counter()
    if isinstance(models, str):
        models = [m.strip() for m in models.split(",") if m.strip()]
    names = check_models(models)
    budget = budget or Budget()
    cv = splitting.check_cv(cv)
    sp = splitting.split(train, test)
    folds = splitting.leave_one_out(sp.train + sp.test) if cv == "leave-one-out" else []
    from remission.calibration.profile import GRID, plan_profiles

    profiled = plan_profiles(names, profile, grid or GRID)
    config = {"models": names, "train": list(sp.train), "test": list(sp.test), "cv": cv,
              "budget": dataclasses.asdict(budget), "seed": int(seed), "fit_spread": bool(fit_spread),
              "profile": {m: [p, list(g)] for m, (p, g) in profiled.items()}, "sigma0": SIGMA0,
              "free": list(free) if free is not None else None,
              "targets": {k: [c.rule() for c in v.checks] for k, v in (targets or {}).items()}}
    unknown = sorted(set(targets or {}) - set(sp.train) - set(sp.test))
    if unknown:
        raise RemissionError(f"targets: {', '.join(unknown)} neither trained on nor held out")
    spaces = {m: Space.of(m, fit_spread=fit_spread, free=free) for m in names}  # refuse bad `free` now
    out = Path(out) if out is not None else None
    log = Log(out, config, resume=resume)
    session = Session(budget, seed, log, out, progress, _client(scheduler))
    session.targets = dict(targets or {})
    gens = max(1, budget.evaluations // budget.popsize)
    pgens = max(1, budget.profile_evaluations // budget.popsize)
    session.total = sum((gens + 1) * (1 + len(folds)) for _ in names) + sum(
        (pgens + 1) * len(g) for _, g in profiled.values())
    result = CalibrationResult(config=config, out=out)
    for m in names:
        space = spaces[m]
        if cv == "none":
            path = out / m / "best.toml" if out else None
            result.fits[m] = session.fit(space, f"{m}/train", sp.train, sp.test, budget.evaluations,
                                         path, {"train": list(sp.train)})
        else:
            result.cv[m] = [session.fit(space, f"{m}/{fold.name}", fold.train, fold.test,
                                        budget.evaluations,
                                        out / m / "loo" / f"{fold.test[0]}.toml" if out else None)
                            for fold in folds]
    from remission.calibration.profile import run_profile

    for m, (param, values) in profiled.items():
        result.profiles[m] = run_profile(session, m, param, values, sp, fit_spread, free)
    result.seconds = time.perf_counter() - t0
    if out is not None:
        from remission.calibration.outputs import write_outputs

        write_outputs(result, out, report=report)
    return result


def _client(scheduler):
    if scheduler is None or scheduler == "none":
        return None
    from remission.calibration.distribute import client

    return client(scheduler)
