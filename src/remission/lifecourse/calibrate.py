r"""Drug-specific parameters by calibration: a CMA-ES fit to the NESARC remission figures.

Five drug-specific quantities of the simulated population are fitted, not chosen by hand: the
population centre of the model's ``drug_value`` (how rewarding the drug is; the Spread's centre,
:class:`~remission.params.population.Spread`), the paradigm's ``consequence`` (aversive
consequence accrued per week of use), its ``consequence_delay`` (years until the consequences of
use arrive), its ``consequence_growth`` (how much a week's consequence grows per year of earlier
use: harm that builds up) and its ``role_compatibility`` (the share of work, partner and
children's rewards that a week of use keeps: how little the roles compete with this drug). The
last two start at 0, a bound, so a fit may switch them off. The loss of a candidate :math:`x` compares its simulated
Kaplan–Meier median :math:`\tilde m(x)` and 40-year cumulative remission :math:`\tilde C(x)` with the
published :math:`m^*`, :math:`C^*` (:mod:`remission.lifecourse.targets`), on the issue's tolerance
scales::

    L(x) = ((m̃ − m*) / (0.2 m*))² + ((C̃ − C*) / 0.05)²

(an unremitting population has m̃ = ∞; it is scored with m̃ = 2 × horizon). The optimiser is CMA-ES
(Hansen & Ostermeier 2001, Evol Comput 9:159; the ``cma`` package), gradient-free because the
simulated median is a step function of the parameters. Each evaluation uses the same seed (common
random numbers), so the loss is a deterministic function of x.

:func:`cma_minimise` is the small, separate optimiser (it knows nothing of lives) so the
calibration package (``remission.calibration``) can take its place later.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from remission import models as model_registry
from remission.errors import RemissionError
from remission.lifecourse import survival
from remission.lifecourse.lives import simulate_lives
from remission.lifecourse.targets import LIFETIME_TOLERANCE, LIFETIME_YEARS, MEDIAN_TOLERANCE, target
from remission.params import Population
from remission.params.population import Spread

FITTED = ("drug_value", "consequence", "consequence_years", "consequence_growth",
          "role_compatibility")
BOUNDS = {"drug_value": (0.5, 20.0), "consequence": (0.0, 3.0), "consequence_years": (0.1, 15.0),
          "consequence_growth": (0.0, 1.0), "role_compatibility": (0.0, 1.0)}
START = {"drug_value": 4.0, "consequence": 0.3, "consequence_years": 2.0, "consequence_growth": 0.0,
         "role_compatibility": 0.0}
"""Start: the model's default drug value and the paradigm's defaults."""


def paradigm_of(params: Mapping) -> dict:
    """The ``life_course_weekly`` overrides that a fit's ``params`` stand for."""
    return {"consequence": params["consequence"],
            "consequence_delay": f"{params['consequence_years']:.6g} years",
            "consequence_growth": params.get("consequence_growth", 0.0),
            "role_compatibility": params.get("role_compatibility", 0.0)}


def cma_minimise(loss: Callable[[np.ndarray], float], x0: Sequence[float], sigma0: float,
                 bounds: tuple[Sequence[float], Sequence[float]], evaluations: int = 40,
                 seed: int = 1, popsize: int = 6,
                 progress: Callable[[int, int, float], None] | None = None,
                 replay: Sequence[tuple[Sequence[float], float]] = (),
                 on_evaluation: Callable[[list, float], None] | None = None) -> dict:
    """Minimise ``loss`` with CMA-ES within ``bounds``; returns ``x``, ``loss``, ``evaluations``
    and the history of (x, loss). ``progress(done, total, best loss)`` is called after each
    evaluation (CMA-ES may run a few more than ``evaluations`` to finish a generation).

    ``replay``: the (x, loss) of an earlier run's first evaluations, in order. CMA-ES with the
    same seed asks for the same points again, and their losses are taken from ``replay`` instead
    of being computed (a resumed fit ends exactly as an uninterrupted one); a point that differs
    is an error. ``on_evaluation(x, loss)`` hears of each newly computed evaluation."""
    import cma

    history = []

    def f(x):
        x = list(map(float, x))
        i = len(history)
        if i < len(replay):
            if not np.allclose(replay[i][0], x, rtol=0.0, atol=1e-12):
                raise RemissionError(f"--resume: evaluation {i + 1} of the log is not the point "
                                     "this fit asks for; the log is from other settings or "
                                     "another version (start again without --resume)")
            value = float(replay[i][1])
        else:
            value = float(loss(np.asarray(x, float)))
            if on_evaluation is not None:
                on_evaluation(x, value)
        history.append((x, value))
        if progress is not None:
            progress(len(history), max(evaluations, len(history)), min(v for _, v in history))
        return value

    es = cma.CMAEvolutionStrategy(list(x0), sigma0, {"bounds": [list(bounds[0]), list(bounds[1])],
                                                     "seed": seed, "popsize": popsize,
                                                     "maxfevals": evaluations, "verbose": -9})
    while not es.stop():
        xs = es.ask()
        es.tell(xs, [f(x) for x in xs])
    best = min(history, key=lambda h: h[1])
    return {"x": best[0], "loss": best[1], "evaluations": len(history), "history": history}


def population_with(model, base: Population | None, drug_value: float) -> Population:
    """``base`` (default: the model's population) with drug_value's Spread centred on ``drug_value``."""
    mdl = model_registry.get(model)
    base = base if base is not None else mdl.population()
    params = dict(base.params)
    old = params.get("drug_value")
    sd = old.sd if isinstance(old, Spread) else mdl.spread.get("drug_value", 0.0)
    params["drug_value"] = Spread(centre=float(drug_value), sd=sd)
    return Population(params)


@dataclass
class DrugFit:
    """A fitted substance: parameters, simulated and published figures, the loss and its trace."""

    substance: str
    params: dict
    median_years: float
    cumulative40: float
    target_median: float
    target_lifetime: float
    loss: float
    evaluations: int
    history: list
    curve: "object" = None

    @property
    def meets(self) -> dict:
        med = abs(self.median_years - self.target_median) <= MEDIAN_TOLERANCE * self.target_median
        cum = abs(self.cumulative40 - self.target_lifetime) <= LIFETIME_TOLERANCE
        return {"median_ok": bool(med), "lifetime_ok": bool(cum)}


def lives_figures(model, population, params: Mapping, substance: str, n_subjects: int, seed: int,
                  years: int, histories: int):
    """Simulated KM of one candidate: (median, cumulative at 40 years, fitted KM)."""
    lv = simulate_lives(model, population_with(model, population, params["drug_value"]),
                        n_subjects=n_subjects, seed=seed, histories=histories,
                        paradigm={"years": years, "substance": substance, **paradigm_of(params)})
    risk = lv.table[lv.table["at_risk"]]
    if len(risk) == 0:
        return math.inf, 0.0, None
    km = survival.kaplan_meier(risk["time"], risk["remitted"])
    return survival.median(km), survival.cumulative_at(km, LIFETIME_YEARS), km


def fit_drug(substance: str, model="dual_trace", population: Population | None = None,
             n_subjects: int = 256, seed: int = 0, years: int = 42, histories: int = 4,
             evaluations: int = 24,
             progress: Callable[[int, int, str], None] | None = None,
             log: Path | str | None = None, resume: bool = False) -> DrugFit:
    """Fit :data:`FITTED` for ``substance`` to its NESARC median and 40-year cumulative remission.

    ``progress(done, total, label)`` is called after each evaluation (:func:`cma_minimise`).
    ``log``: a JSON-lines file that receives the settings, then every evaluation as it is
    computed (``params``, ``loss``). With ``resume`` the evaluations already in ``log`` are taken
    from it (settings must match) and the fit goes on from there; without, ``log`` starts afresh."""
    t = target(substance)
    settings = {"substance": substance, "model": str(model), "n_subjects": n_subjects,
                "seed": seed, "years": years, "histories": histories, "evaluations": evaluations,
                "fitted": list(FITTED), "bounds": {k: list(BOUNDS[k]) for k in FITTED},
                "start": {k: START[k] for k in FITTED},
                "population": None if population is None else population.model_dump(mode="json")}
    lo = np.array([BOUNDS[k][0] for k in FITTED])
    scale = np.array([BOUNDS[k][1] for k in FITTED]) - lo
    replay, on_evaluation = [], None
    if log is not None:
        log = Path(log)
        replay = read_fit_log(log, settings) if resume and log.is_file() else []
        # rewritten so that a line cut short by a crash does not stay in the middle
        log.write_text("".join(json.dumps(r) + "\n" for r in [{"settings": settings}, *replay]))

        def on_evaluation(z, value):
            with log.open("a") as fh:
                fh.write(json.dumps({"z": z, "params": dict(zip(FITTED, lo + np.asarray(z) * scale)),
                                     "loss": value}, default=float) + "\n")

    horizon = years - 1.0

    def loss(x):
        params = dict(zip(FITTED, x))
        med, cum, _ = lives_figures(model, population, params, substance, n_subjects, seed, years,
                                    histories)
        med = min(med, 2 * horizon)
        return (((med - t.median_years) / (MEDIAN_TOLERANCE * t.median_years)) ** 2
                + ((cum - t.lifetime) / LIFETIME_TOLERANCE) ** 2)

    def report(done, total, best):
        progress(done, total, f"fit {substance}: evaluations, best loss {best:.3g}")

    # CMA-ES on coordinates scaled to [0, 1] so one step size suits every parameter
    res = cma_minimise(lambda z: loss(lo + z * scale),
                       [(START[k] - a) / d for k, a, d in zip(FITTED, lo, scale)], 0.2,
                       ([0.0] * len(FITTED), [1.0] * len(FITTED)), evaluations=evaluations,
                       progress=report if progress is not None else None,
                       replay=[(r["z"], r["loss"]) for r in replay], on_evaluation=on_evaluation)
    res["x"] = list(lo + np.asarray(res["x"]) * scale)
    res["history"] = [(list(lo + np.asarray(z) * scale), v) for z, v in res["history"]]
    params = {k: float(v) for k, v in zip(FITTED, res["x"])}
    med, cum, km = lives_figures(model, population, params, substance, n_subjects, seed, years,
                                 histories)
    return DrugFit(substance, params, med, cum, t.median_years, t.lifetime, res["loss"],
                   res["evaluations"], res["history"], km)


def read_fit_log(log: Path, settings: Mapping) -> list[dict]:
    """The evaluations logged in ``log`` by :func:`fit_drug` with the same ``settings``.

    A log from other settings is refused, naming what differs; a line cut short by a crash (the
    last one) is dropped."""
    lines = log.read_text().splitlines()
    try:
        logged = json.loads(lines[0])["settings"] if lines else None
    except (ValueError, KeyError, TypeError):
        logged = None
    if logged is None:
        raise RemissionError(f"--resume: {log} is not a life-course fit log; start again "
                             "without --resume")
    changed = sorted(k for k in set(settings) | set(logged) if logged.get(k) != settings.get(k))
    if changed:
        raise RemissionError(f"--resume: {log} was written with other settings "
                             f"({', '.join(changed)} differ); use the same options or start "
                             "again without --resume")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        try:
            rows.append(json.loads(line))
        except ValueError:
            if i < len(lines):
                raise RemissionError(f"--resume: {log} line {i} is damaged; start again "
                                     "without --resume") from None
    return rows
