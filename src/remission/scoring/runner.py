"""Run every phenomenon × model and tabulate the scorecard (docs/PHENOMENA.md).

Each cell simulates the phenomenon's groups with the model and scores the simulated trials; the
table is computed, never written: change a model's parameters (``params``) and the cells change.
Simulations of identical (model, parameters, group, protocol, subjects, seed) are shared between
phenomena (e.g. the forced-abstinence groups of the two voluntary-abstinence studies).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models as model_registry
from remission import phenomena as phenomenon_registry
from remission.engine import SimulationResult, simulate
from remission.errors import RemissionError
from remission.params import resolve_params
from remission.phenomena.base import Phenomenon, Score
from remission.scoring.outputs import COLUMNS, write_outputs

#: The scorecard's models, in column order; the default is those of them that are registered.
MODELS = ("rescorla_wagner", "drug_td", "state_splitting", "latent_cause", "latent_cause_rw",
          "erasure_only", "competition_only", "mixed")



def default_models() -> list[str]:
    """The listed models that are registered now (colleagues add models over time)."""
    registered = set(model_registry.names())
    return [m for m in MODELS if m in registered]


@dataclass
class Cell:
    """One phenomenon × model: its score and the simulation it came from."""

    phenomenon: Phenomenon
    model: str
    score: Score
    result: SimulationResult | None


class Runner:
    """Runs cells, sharing identical group simulations through a cache."""

    def __init__(self, n_subjects: int, seed: int, params: Mapping[str, Mapping] | None = None,
                 protocols: Mapping[str, Mapping] | None = None):
        self.n_subjects = n_subjects
        self.seed = seed
        self.params = {k: dict(v) for k, v in (params or {}).items()}
        self.protocols = {k: dict(v) for k, v in (protocols or {}).items()}
        self._cache: dict[tuple, SimulationResult] = {}

    def model_params(self, phen: Phenomenon, model, fixed: Mapping[str, float]):
        if phen.individual_differences:
            return model.population(fixed)
        return dict(fixed)

    def engine_model(self, model):
        """The model to compile and the fixed values that make it ``model``.

        A preset (e.g. ``erasure_only``) is its base model with some parameters set, so it is run
        as the base model with those values: the same functions, one compiled program for all
        presets of a model.
        """
        base = model_registry.get(model.base) if model.base in model_registry.REGISTRY else None
        if base is not None and base.init is model.init and base.update is model.update and all(
                base.spec(k).lower <= v <= base.spec(k).upper for k, v in model.fixed.items()):
            return base, dict(model.fixed)
        return model, {}

    def simulate(self, phen: Phenomenon, model_name: str) -> SimulationResult:
        model = model_registry.get(model_name)
        engine, fixed = self.engine_model(model)
        fixed |= self.params.get(model.name, {})
        params = self.model_params(phen, engine, fixed)
        pkey = params.model_dump_json() if hasattr(params, "model_dump_json") else json.dumps(
            params, sort_keys=True)
        parts = []
        for group, protocol in phen.protocols(self.protocols.get(phen.id)).items():
            key = (engine.name, pkey, group, protocol.model_dump_json(), self.n_subjects, self.seed)
            if key not in self._cache:
                self._cache[key] = simulate(engine, {group: protocol}, n_subjects=self.n_subjects,
                                            params=params, seed=self.seed)
            parts.append(self._cache[key])
        trials = pd.concat([p.trials for p in parts], ignore_index=True)
        for col in ("group", "phase", "context"):
            trials[col] = trials[col].astype(str)
        config = dict(parts[0].config)
        config["model"] = model.name
        config["simulated_as"] = {"model": engine.name, "fixed": fixed}
        config["protocols"] = {g: p.config["protocols"][g] for p in parts for g in p.config["protocols"]}
        config["phenomenon"] = phen.id
        return SimulationResult(trials=trials, params=parts[0].params, config=config)

    def cell(self, phen: Phenomenon, model_name: str) -> Cell:
        try:
            result = self.simulate(phen, model_name)
            score = phen.score(result.trials)
        except Exception as exc:  # a broken cell is reported, not fatal to the scorecard
            return Cell(phen, model_name, Score(math.nan, None, {}, note=f"error: {exc!r}"), None)
        return Cell(phen, model_name, score, result)


def scorecard(models: Sequence[str] | None = None, phenomena: Sequence[str] | None = None,
              n_subjects: int = 32, seed: int = 0, out: str | Path | None = None,
              params: Mapping[str, Mapping[str, float]] | None = None,
              progress: Callable[[int, int, str], None] | None = None,
              report: bool = True, protocols: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Score every model against every published finding of docs/PHENOMENA.md.

    Parameters
    ----------
    models : list of str, optional
        Model names (default: :func:`default_models`).
    phenomena : list of str, optional
        Phenomenon ids (default: all, see ``remission.phenomena.names()``).
    n_subjects : int
        Subjects per group (one value for all cells, so compiled programs are shared).
    seed : int
        Master seed; the same seed gives a byte-identical ``scorecard.csv``.
    out : path, optional
        Directory for ``scorecard.csv``, ``report.html``, ``figures/*.png`` and
        ``results/<phenomenon>__<model>.parquet`` (per-session tables) with JSON sidecars.
    params : mapping of model name to {parameter: value}, optional
        Overrides per model (fixed for every subject; for phenomena with individual differences
        they replace the population's distribution of that parameter).
    progress : callable, optional
        ``progress(done, total, label)`` after each cell.
    report : bool
        Write ``report.html`` and figures when ``out`` is given.
    protocols : mapping, optional
        Replace groups' experiments: ``{group: experiment}`` (every scored phenomenon with a
        group of that name) or ``{"phenomenon/group": experiment}``; an experiment is a Protocol,
        a TOML path, a registered paradigm name or a :class:`~remission.protocols.Paradigm`.

    Returns
    -------
    pandas.DataFrame
        One row per phenomenon × model with the columns of :data:`COLUMNS` plus ``note``.

    Examples
    --------
    >>> import remission
    >>> df = remission.scorecard(models=["rescorla_wagner"], phenomena=["renewal"],
    ...                          n_subjects=8)  # doctest: +SKIP
    >>> df = remission.scorecard(phenomena=["renewal"], protocols={"ABA": "my_aba.toml"})  # doctest: +SKIP
    """
    model_names = list(models) if models else default_models()
    for m in model_names:
        model_registry.get(m)  # unknown names fail before any simulation
    phens = [phenomenon_registry.get(p) for p in (phenomena or phenomenon_registry.names())]
    if n_subjects < 2:
        raise RemissionError(f"n_subjects = {n_subjects}: the pass rules need at least 2 subjects")
    for m, values in (params or {}).items():
        if m not in model_names:
            raise RemissionError(f"params given for model {m!r}, which is not scored; "
                                 f"scored models: {', '.join(model_names)}")
        mdl = model_registry.get(m)  # unknown names or out-of-bounds values fail here, not per cell
        resolve_params(mdl.params, values, 1, mdl.name)
    runner = Runner(n_subjects, seed, params, group_replacements(phens, protocols))
    cells, total = [], len(phens) * len(model_names)
    for phen in phens:
        for m in model_names:
            cells.append(runner.cell(phen, m))
            if progress:
                progress(len(cells), total, f"{phen.id} × {m}")
    table = to_frame(cells)
    if out is not None:
        write_outputs(Path(out), table, cells, report=report, n_subjects=n_subjects, seed=seed)
    return table


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


def to_frame(cells: Sequence[Cell]) -> pd.DataFrame:
    rows = []
    for c in cells:
        p = c.phenomenon
        rows.append({"phenomenon": p.id, "model": c.model, "readout": p.readout,
                     "simulated": _round(c.score.value), "target": p.target,
                     "passed": c.score.passed, "citation": p.citation, "note": c.score.note})
    df = pd.DataFrame(rows, columns=[*COLUMNS, "note"])
    df["passed"] = df["passed"].astype("boolean")
    return df


def _round(x: float) -> float:
    """Six significant digits: stable across platforms' last-bit differences in the CSV."""
    if x is None or not np.isfinite(x):
        return float(x) if x is not None else math.nan
    return float(f"{x:.6g}")
