"""Hypotheses a design must tell apart: named populations of one or more models.

A hypothesis is a model plus a :class:`~remission.params.Population` of its parameters: the
model's default population with some values fixed (``params = { epsilon = 0.2 }``), or any
Population TOML file (``population = "calibrated.toml"``, e.g. written by ``remission
calibrate``; its ``model`` key names the model when ``model`` is not given), optionally with
values fixed on top. A hypotheses file lists two or more::

    [[hypothesis]]
    name = "competition"
    model = "dual_trace"
    params = { epsilon = 0.2 }

    [[hypothesis]]
    name = "erasure"
    model = "dual_trace"
    params = { epsilon = 0.8 }

Hypotheses are equally likely a priori (the designer's expected information and probability of
a correct conclusion average over them with equal weights).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from remission import models as model_registry
from remission.errors import RemissionError, read_toml
from remission.params import Fixed, Population, read_population

KEYS = ("name", "model", "params", "population")


@dataclass(frozen=True)
class Hypothesis:
    """One hypothesis: ``model`` with the parameters of ``population`` (subjects differ as it says).

    Parameters
    ----------
    name : str
        Label used in tables and reports.
    model : str
        A registered model (``remission models``).
    population : Population
        Distribution of the subjects' parameters under this hypothesis.
    """

    name: str
    model: str
    population: Population = field(compare=False)

    def describe(self) -> str:
        fixed = {k: v.value for k, v in self.population.params.items() if isinstance(v, Fixed)}
        shown = ", ".join(f"{k}={v:g}" for k, v in sorted(fixed.items()))
        return f"{self.model}({shown})" if shown else self.model


def hypothesis(name: str, model: str, params: Mapping[str, float] | None = None,
               population: Population | str | Path | None = None, base: Path | None = None,
               where: str = "hypothesis") -> Hypothesis:
    """Build a :class:`Hypothesis`, validating the model, file and parameter names and values."""
    meta = {}
    if isinstance(population, (str, Path)):
        path = Path(population)
        if base is not None and not path.is_absolute():
            path = base / path
        population, meta = read_population(path)
    model = model or meta.get("model")
    if not isinstance(model, str):
        raise RemissionError(f"{where}.model is missing; valid: one of {', '.join(model_registry.names())}")
    mdl = model_registry.get(model)
    pop = population if population is not None else mdl.population()
    fixed = dict(params or {})
    specs = {p.name: p for p in mdl.params}
    for key, value in fixed.items():
        if key not in specs:
            raise RemissionError(f"{where}.params.{key}: not a parameter of {model!r}; valid: "
                                 f"{', '.join(specs)}")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise RemissionError(f"{where}.params.{key} = {value!r}: give a number")
        spec = specs[key]
        if not spec.lower <= value <= spec.upper:
            raise RemissionError(f"{where}.params.{key} = {value!r} is out of bounds; valid: "
                                 f"[{spec.lower:g}, {spec.upper:g}]")
    unknown = sorted(set(pop.params) - set(specs))
    if unknown:
        raise RemissionError(f"{where}.population names {unknown[0]!r}, not a parameter of {model!r}")
    dists = {k: v for k, v in pop.params.items() if k not in fixed}
    dists.update({k: Fixed(value=float(v)) for k, v in fixed.items()})
    return Hypothesis(name=str(name), model=mdl.name, population=Population(dists))


def read_hypotheses(path: str | Path) -> list[Hypothesis]:
    """The hypotheses of a TOML file (``[[hypothesis]]`` tables, see the module docstring)."""
    path = Path(path)
    data = read_toml(path, "hypotheses file")
    return parse_hypotheses(data, base=path.parent, source=str(path))


def parse_hypotheses(data: Mapping, base: Path | None = None, source: str = "hypotheses") -> list[Hypothesis]:
    """Hypotheses from a TOML-style mapping ``{"hypothesis": [{name, model, params, population}]}``."""
    items = data.get("hypothesis")
    if not isinstance(items, list) or len(items) < 2:
        raise RemissionError(f"{source}: hypothesis = {items!r}; valid: two or more [[hypothesis]] "
                             "tables, each with name and model (and params or population)")
    out = []
    for i, item in enumerate(items):
        where = f"{source}: hypothesis[{i}]"
        if not isinstance(item, Mapping):
            raise RemissionError(f"{where} = {item!r}; valid: a table with {', '.join(KEYS)}")
        extra = sorted(set(item) - set(KEYS))
        if extra:
            raise RemissionError(f"{where}.{extra[0]}: unknown key; valid: {', '.join(KEYS)}")
        params = item.get("params", {})
        if not isinstance(params, Mapping):
            raise RemissionError(f"{where}.params = {params!r}; valid: a table NAME = NUMBER")
        out.append(hypothesis(item.get("name", f"H{i}"), item.get("model"), params,
                              item.get("population"), base=base, where=where))
    check_distinct_names(out, source)
    return out


def check_distinct_names(hyps: Sequence[Hypothesis], source: str = "hypotheses") -> None:
    names = [h.name for h in hyps]
    if len(set(names)) != len(names):
        raise RemissionError(f"{source}: hypothesis names repeat ({names}); give each a unique name")


def resolve_hypotheses(spec) -> list[Hypothesis]:
    """A list of :class:`Hypothesis`, a TOML path, or a mapping as :func:`parse_hypotheses` takes."""
    if isinstance(spec, (str, Path)):
        return read_hypotheses(spec)
    if isinstance(spec, Mapping):
        return parse_hypotheses(spec)
    hyps = list(spec)
    if len(hyps) < 2 or not all(isinstance(h, Hypothesis) for h in hyps):
        raise RemissionError("hypotheses: give two or more Hypothesis objects, a TOML file or a mapping")
    check_distinct_names(hyps)
    return hyps
