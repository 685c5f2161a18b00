"""Run every phenomenon × model, replicated, and tabulate the scorecard (docs/PHENOMENA.md).

Each cell simulates the phenomenon's groups with the model — ``replicates`` independent replicate
experiments of ``n_subjects`` subjects per group, drawn from the model's population of individual
differences — and scores them (:func:`remission.phenomena.base.evaluate`): every quantity and
check gets a mean and a 95 % CI over replicates. The replicates of a group run as one batch
(replicate ``r`` is subjects ``r·n .. (r+1)·n − 1``, so each subject's random stream and
parameters are its own), and identical group simulations are shared between phenomena.

A *profile* scores one model at several values of one parameter (``profile=("epsilon",
[0, 0.25, ...])``): the evidence for the erasure share of the dual-trace model.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission import phenomena as phenomenon_registry
from remission.engine import simulate_sessions as engine_sessions
from remission.engine.simulation import check_sessions_size
from remission.errors import RemissionError
from remission.params import Population, resolve_params
from remission.phenomena.base import Phenomenon, Score, evaluate
from remission.scoring.outputs import write_outputs
from remission.scoring.table import to_frame

#: The scorecard's models, in column order; the default is those of them that are registered.
MODELS = ("rescorla_wagner", "drug_td", "state_splitting", "latent_cause", "latent_cause_rw",
          "erasure_only", "competition_only", "mixed")

DEFAULT_SUBJECTS = 100
DEFAULT_REPLICATES = 10


MAX_DEFAULT_WORKERS = 4
"""Most threads by default: each running cell holds its simulation's arrays in memory."""


def default_workers() -> int:
    """The cores this process may use, at most :data:`MAX_DEFAULT_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


def check_workers(workers: int | None) -> int:
    """``workers``, or :func:`default_workers` when None; fewer than 1 is refused."""
    if workers is None:
        return default_workers()
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise RemissionError(f"workers = {workers!r}: give a whole number of at least 1 "
                             "(cells simulated at once)")
    return int(workers)


def default_models() -> list[str]:
    """The listed models that are registered now (colleagues add models over time)."""
    return [m for m in MODELS if m in model_registry.REGISTRY]


@dataclass
class Cell:
    """One phenomenon × model (× parameter values): its score and where it came from."""

    phenomenon: Phenomenon
    model: str
    score: Score
    values: dict = field(default_factory=dict)
    label: str = ""
    seconds: float = 0.0
    sessions: pd.DataFrame | None = None
    config: dict = field(default_factory=dict)

    def __post_init__(self):
        self.label = self.label or self.model


class Runner:
    """Runs cells, sharing identical group simulations through a cache."""

    def __init__(self, n_subjects: int = DEFAULT_SUBJECTS, replicates: int = DEFAULT_REPLICATES,
                 seed: int = 0, params: Mapping[str, Mapping] | None = None,
                 populations: Mapping[str, Population] | None = None,
                 protocols: Mapping[str, Mapping] | None = None):
        self.n_subjects = int(n_subjects)
        self.replicates = int(replicates)
        self.seed = int(seed)
        self.params = {k: dict(v) for k, v in (params or {}).items()}
        self.populations = dict(populations or {})
        self.protocols = {k: dict(v) for k, v in (protocols or {}).items()}
        self._cache: dict[tuple, Future] = {}
        self._lock = threading.Lock()

    def _shared(self, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``compute()`` once per ``key``, also when several threads ask for it at once (the
        others wait for the first one's result)."""
        with self._lock:
            future = self._cache.get(key)
            owner = future is None
            if owner:
                future = self._cache[key] = Future()
        if owner:
            try:
                future.set_result(compute())
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def population(self, model, values: Mapping[str, float]) -> Population:
        """The subjects of a cell: the model's own population (or the one given for it), with
        ``values`` given to every subject."""
        base = self.populations.get(model.name) or self.populations.get(model.base or "")
        if base is None:
            return model.population(values)
        return Population({**base.params, **{k: float(v) for k, v in values.items()}})

    def sessions(self, phen: Phenomenon, model, values: Mapping[str, float]) -> pd.DataFrame:
        """Session table of every group of ``phen`` for all replicates (cached per group)."""
        engine, fixed = model_registry.engine_form(model)
        fixed = {**fixed, **self.params.get(model.name, {}), **values}
        population = self.population(model, fixed)
        n = self.n_subjects * self.replicates
        windows = tuple(sorted(phen.windows.items()))
        readouts = phenomenon_registry.simulated_readouts(phen, engine)
        parts = []
        for group, protocol in phen.protocols(self.protocols.get(phen.id)).items():
            key = (engine.name, population.model_dump_json(), group, protocol.model_dump_json(), n,
                   self.seed, windows, readouts)
            parts.append(self._shared(key, lambda group=group, protocol=protocol: simulate_sessions(
                engine, {group: protocol}, n, population, self.seed, dict(windows), readouts)))
        return pd.concat(parts, ignore_index=True)

    def cell(self, phen: Phenomenon, model_name: str, values: Mapping[str, float] | None = None,
             label: str = "") -> Cell:
        """Simulate and score one cell; a cell whose simulation or read-out raises is scored
        ``error`` with the message (the scorecard goes on)."""
        model = model_registry.get(model_name)
        values = dict(values or {})
        t0 = time.perf_counter()
        missing = phen.missing_inputs(model.perceives)
        if missing:
            score = Score.not_applicable(f"not applicable: {model.name} has no {', '.join(missing)} input")
            return Cell(phen, model.name, score, values, label, time.perf_counter() - t0)
        try:
            sessions = self.sessions(phen, model, values)
            score = evaluate(phen, sessions, self.n_subjects, model.perceives)
        except Exception as exc:  # noqa: BLE001 - a broken cell is reported, not fatal
            return Cell(phen, model.name, Score.error(f"error: {type(exc).__name__}: {exc}"), values,
                        label, time.perf_counter() - t0)
        config = {"model": model.name, "values": values, "n_subjects": self.n_subjects,
                  "replicates": self.replicates, "seed": self.seed,
                  "population": self.population(model, {**dict(model.fixed), **values}).model_dump(),
                  "protocols": {g: p.to_dict() for g, p in
                                phen.protocols(self.protocols.get(phen.id)).items()}}
        return Cell(phen, model.name, score, values, label, time.perf_counter() - t0, sessions, config)


def simulate_sessions(model, protocols: Mapping, n_subjects: int, population, seed: int,
                      windows: Mapping, readouts: Sequence[str]) -> pd.DataFrame:
    """Per-session table of ``model`` through ``protocols``, summed inside the compiled program
    (:func:`remission.engine.simulate_sessions`: only O(sessions) numbers leave the device)."""
    return engine_sessions(model, protocols, n_subjects=n_subjects, params=population, seed=seed,
                           windows=windows, readouts=tuple(readouts))




@dataclass
class ScorecardRun:
    """Everything a scorecard computed: the table, the cells and the profile cells."""

    table: pd.DataFrame
    cells: list
    profile: list
    profile_parameter: str | None = None
    meta: dict = field(default_factory=dict)

    @property
    def errors(self) -> list:
        return [c for c in self.cells + self.profile if c.score.status == "error"]


def parse_profile(spec) -> tuple[str, list[float]] | None:
    """``"epsilon=0:1:5"`` (start:stop:count) or ``"epsilon=0,0.5,1"`` or ``("epsilon", [..])``."""
    if spec is None:
        return None
    if not isinstance(spec, str):
        name, values = spec
        return str(name), [float(v) for v in values]
    name, sep, rest = spec.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        if ":" in rest:
            start, stop, count = rest.split(":")
            values = np.linspace(float(start), float(stop), int(count)).round(10).tolist()
        else:
            values = [float(v) for v in rest.split(",") if v.strip()]
        if not values:
            raise ValueError
    except ValueError:
        raise RemissionError(f"profile = {spec!r}: write NAME=START:STOP:COUNT (e.g. epsilon=0:1:11) "
                             "or NAME=V1,V2,...") from None
    return name.strip(), values


def profile_models(parameter: str, names: Sequence[str]) -> list[str]:
    """The base models of ``names`` that have ``parameter`` (each profiled once)."""
    out = []
    for n in names:
        m = model_registry.get(n)
        base = model_registry.get(m.base) if m.base in model_registry.REGISTRY else m
        if parameter in base.param_names and base.name not in out:
            out.append(base.name)
    return out


def run_scorecard(models: Sequence[str] | None = None, phenomena: Sequence[str] | None = None,
                  n_subjects: int = DEFAULT_SUBJECTS, replicates: int = DEFAULT_REPLICATES,
                  seed: int = 0, params: Mapping[str, Mapping[str, float]] | None = None,
                  populations: Mapping[str, Population] | None = None,
                  protocols: Mapping[str, object] | None = None, profile=None,
                  progress: Callable[[int, int, str], None] | None = None,
                  workers: int | None = None) -> ScorecardRun:
    """Score every model (and a parameter profile) against every finding; see :func:`scorecard`."""
    n_workers = check_workers(workers)
    model_names = list(models) if models else default_models()
    for m in model_names:
        model_registry.get(m)  # unknown names fail before any simulation
    phens = [phenomenon_registry.get(p) for p in (phenomenon_registry.select(phenomena)
                                                 if phenomena else phenomenon_registry.names())]
    if n_subjects < 2:
        raise RemissionError(f"n_subjects = {n_subjects}: the effect sizes need at least 2 subjects "
                             "per group")
    if replicates < 2:
        raise RemissionError(f"replicates = {replicates}: a confidence interval needs at least 2 "
                             "replicate experiments")
    for m, values in (params or {}).items():
        if m not in model_names:
            raise RemissionError(f"params given for model {m!r}, which is not scored; "
                                 f"scored models: {', '.join(model_names)}")
        mdl = model_registry.get(m)
        resolve_params(mdl.params, values, 1, mdl.name)  # out-of-bounds values fail here, not per cell
    prof = parse_profile(profile)
    prof_models = profile_models(prof[0], model_names) if prof else []
    if prof and not prof_models:
        raise RemissionError(f"profile parameter {prof[0]!r} belongs to none of the scored models "
                             f"({', '.join(model_names)})")
    for m in prof_models:
        for v in prof[1]:
            model_registry.get(m).spec(prof[0]).check(np.asarray([v]), where="profile")
    replacements = group_replacements(phens, protocols)
    for p in phens:  # a cell's session table must fit in memory: refused now, not as a failed cell
        simulated = max(len(phenomenon_registry.simulated_readouts(p, model_registry.get(m)))
                        for m in model_names)
        check_sessions_size(p.protocols(replacements.get(p.id)), int(n_subjects) * int(replicates),
                            simulated, len(p.windows),
                            subjects=f"--subjects {int(n_subjects):,} × --replicates {int(replicates)}")
    runner = Runner(n_subjects, replicates, seed, params, populations, replacements)
    jobs = [(p, m, {}, m) for p in phens for m in model_names]
    jobs += [(p, m, {prof[0]: v}, f"{m} ({prof[0]}={v:g})") for m in prof_models for v in prof[1]
             for p in phens]
    if progress:
        progress(0, len(jobs), "starting")
    cells, profile_cells = [], []
    with ThreadPoolExecutor(n_workers) as pool:
        done = pool.map(lambda job: runner.cell(*job), jobs)
        for i, ((p, _, values, label), cell) in enumerate(zip(jobs, done)):
            (profile_cells if values else cells).append(cell)
            if progress:
                progress(i + 1, len(jobs), f"{p.id} × {label}")
    meta = {"n_subjects": n_subjects, "replicates": replicates, "seed": seed,
            "params": params or {}, "profile": prof}
    return ScorecardRun(to_frame(cells), cells, profile_cells, prof[0] if prof else None, meta)


def scorecard(models: Sequence[str] | None = None, phenomena: Sequence[str] | None = None,
              n_subjects: int = DEFAULT_SUBJECTS, replicates: int = DEFAULT_REPLICATES,
              seed: int = 0, out: str | Path | None = None,
              params: Mapping[str, Mapping[str, float]] | None = None,
              populations: Mapping[str, Population] | None = None,
              protocols: Mapping[str, object] | None = None, profile=None,
              progress: Callable[[int, int, str], None] | None = None,
              report: bool = True, workers: int | None = None) -> pd.DataFrame:
    """Score every model against every published finding of docs/PHENOMENA.md.

    Parameters
    ----------
    models : list of str, optional
        Model names (default: :func:`default_models`).
    phenomena : list of str, optional
        Phenomenon ids (default: all, see ``remission.phenomena.names()``).
    n_subjects : int
        Subjects per group in each replicate experiment (default 100).
    replicates : int
        Independent replicate experiments per cell (default 10); the CIs are over them.
    seed : int
        Master seed; the same seed gives a byte-identical ``scorecard.csv``.
    out : path, optional
        Directory for ``scorecard.csv``, ``profile.csv``, ``report.html``, ``figures/*.png`` and
        ``results/<phenomenon>__<model>.parquet`` (session tables) with JSON sidecars.
    params : mapping of model name to {parameter: value}, optional
        Values given to every subject of that model (replacing the population's distribution).
    populations : mapping of model name to Population, optional
        The subjects of that model (e.g. a calibrated population file); default its
        ``Model.population()``.
    protocols : mapping, optional
        Replace groups' experiments: ``{group: experiment}`` (every scored phenomenon with a
        group of that name) or ``{"phenomenon/group": experiment}``; an experiment is a Protocol,
        a TOML path, a registered paradigm name or a :class:`~remission.protocols.Paradigm`.
    profile : str or (name, values), optional
        Also score each model that has this parameter at each value (``"epsilon=0:1:5"``).
    progress : callable, optional
        ``progress(done, total, label)`` after each cell.
    report : bool
        Write ``report.html`` and figures when ``out`` is given.
    workers : int, optional
        Cells simulated at once, each in its own thread (default :func:`default_workers`); the
        numbers do not depend on it. On the 2-core machine two workers made a warm default
        scorecard 1.3× faster than one and a cold one no faster (XLA's compilation already uses
        both cores; benchmarks/scorecard.py, README).

    Returns
    -------
    pandas.DataFrame
        One row per phenomenon × model (:data:`remission.scoring.table.COLUMNS`, plus ``note``).
        :func:`run_scorecard` returns the cells and the profile too.

    Examples
    --------
    >>> import remission
    >>> df = remission.scorecard(models=["rescorla_wagner"], phenomena=["renewal"],
    ...                          n_subjects=8, replicates=3)  # doctest: +SKIP
    >>> df = remission.scorecard(phenomena=["renewal"], protocols={"ABA": "my_aba.toml"})  # doctest: +SKIP
    """
    run = run_scorecard(models, phenomena, n_subjects, replicates, seed, params, populations,
                        protocols, profile, progress, workers)
    if out is not None:
        write_outputs(Path(out), run, report=report)
    return run.table


def group_replacements(phens: Sequence[Phenomenon], protocols: Mapping[str, object] | None) -> dict:
    """``{phenomenon id: {group: experiment}}`` from ``scorecard(protocols=...)`` keys ``group`` or
    ``phenomenon/group``; a key that names no group of a scored phenomenon is refused."""
    out: dict[str, dict] = {}
    for key, spec in (protocols or {}).items():
        phen_id, sep, group = str(key).rpartition("/")
        hits = [p for p in phens if (not sep or p.id == phen_id) and group in p.groups]
        if not hits:
            groups = sorted({f"{p.id}/{g}" for p in phens for g in p.groups})
            raise RemissionError(f"protocols[{key!r}]: no scored phenomenon has this group; "
                                 f"groups: {', '.join(groups)}")
        for p in hits:
            out.setdefault(p.id, {})[group] = spec
    return out
