"""The model checker: what every registered model must satisfy, in the spirit of Gymnasium's
environment checker.

``remission.check_model(name)`` runs, for one model:

* **metadata** — mechanism, inputs perceived, free parameters, erasure share, recovery design,
  citation and docstring are declared, and the read-outs the functions return are those declared;
  a preset differs from its base model only in the values it names;
* **parameters** — every bound, default and prior is finite and consistent, and the transform used
  in fitting maps the default back to itself;
* **finiteness** — simulations at the corners of the parameter box and at random points inside it
  give finite numbers everywhere;
* **stability** — 60 tone–US pairings then 60 tone-alone trials at the same parameter sets keep
  every read-out within ±:data:`STABLE_BOUND` (a learning rule that runs away, such as a delta rule
  whose rate times the number of active features exceeds 2, fails here long before it overflows);
* **determinism** — the same seed gives the same numbers;
* **replay** — simulating, writing the result as trial data (:func:`remission.io.from_simulation`),
  laying it out for fitting (:func:`remission.io.build_design`) and replaying it through the
  likelihood (:func:`remission.fitting.likelihood.replay`) gives the simulation's per-step action
  probabilities and read-outs (tolerance 1e-6), on a protocol with ratio and progressive-ratio
  schedules, time-outs, probabilistic shocks, delays, Pavlovian trials, choice between levers,
  cues, every intervention and long gaps.

The result is a :class:`CheckReport`; :meth:`CheckReport.raise_if_failed` turns failures into a
:class:`~remission.errors.RemissionError` naming each one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from remission import models as model_registry
from remission.engine import simulate
from remission.errors import RemissionError
from remission.fitting.likelihood import replay, with_choice_readouts
from remission.io import build_design, from_simulation
from remission.engine.layout import RECORDED_OUTCOMES
from remission.models.base import INPUTS, MECHANISMS, NOT_OBSERVED, Dims
from remission.protocols import Intervention, Option, Outcome, PavlovianTrial, Phase, Protocol, Schedule
from remission.protocols import get as get_paradigm
from remission.protocols.schema import ACTIONS, INTERVENTIONS

CHECK_PROTOCOL = Protocol(name="check", description="every feature of the step layout", phases=[
    Phase(name="pavlovian", context="A", sessions=2, pavlovian=[PavlovianTrial(cs=["tone"], us=1.0, count=3)]),
    Phase(name="self_administration", context="B", sessions=3, trials=8, trial_interval="1 min",
          interventions=[Intervention(kind="prime", magnitude=0.5)],
          options=[Option(name="drug", schedule=Schedule(kind="FR", ratio=2, timeout="1 min"),
                          outcome=Outcome(drug=1.0, shock_probability=0.5, shock_intensity=0.5,
                                          delay="10 s", cue="drug_cue")),
                   Option(name="alternative", schedule=Schedule(kind="PR"), outcome=Outcome(reward=1.0)),
                   Option(name="inactive")]),
    Phase(name="choice", context="B", sessions=1, trials=6, trial_interval="10 min",
          options=[Option(name="drug", outcome=Outcome(drug=0.5, cue="drug_cue")),
                   Option(name="alternative", outcome=Outcome(reward=0.5))]),
    Phase(name="extinction", context="A", trials=4, gap_before="30 days",
          interventions=[Intervention(kind=k, magnitude=0.5) for k in INTERVENTIONS if k != "prime"],
          options=[Option(name="drug"), Option(name="inactive")]),
    Phase(name="test", context="C", session_length="2 min", bin="20 s", gap_before="3 months",
          cues=["light"], options=[Option(name="drug", outcome=Outcome(cue="drug_cue")),
                                   Option(name="alternative", outcome=Outcome(reward=1.0))]),
])
"""The checker's protocol: ratio (FR2) and progressive-ratio schedules, a time-out, probabilistic
shock, delayed outcomes, Pavlovian trials, discrete-trial choice, cues, every intervention, three
contexts and gaps of days and months (60 steps)."""

STABILITY_PROTOCOL = Protocol(name="stability", description="long Pavlovian acquisition and "
                              "extinction", phases=[
    Phase(name="acquisition", context="A", sessions=6,
          pavlovian=[PavlovianTrial(cs=["tone"], us=1.0, count=10)]),
    Phase(name="extinction", context="A", sessions=6,
          pavlovian=[PavlovianTrial(cs=["tone"], us=0.0, count=10)]),
])
"""The stability check's protocol: 60 pairings with a US of 1, then 60 tone-alone trials."""

STABLE_BOUND = 1e3
"""Largest magnitude a read-out may reach on :data:`STABILITY_PROTOCOL` (values are in units of
the US, 1 here; a few hundred allows for drug values and surges)."""

TABLE_COLUMNS = ("subject", "group", "phase", "session", "trial", "step", "time", "context", "pavlovian",
                 "us", "action", *RECORDED_OUTCOMES)
"""Columns of the simulated trial table (:func:`remission.engine.records.step_columns`) that a
read-out of the same name would silently replace or be replaced by."""

N_SUBJECTS = 6
TOLERANCE = 1e-6


@dataclass
class Check:
    """One named check and its outcome."""

    name: str
    passed: bool
    detail: str = ""


@dataclass
class CheckReport:
    """All checks of one model."""

    model: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def raise_if_failed(self) -> "CheckReport":
        if not self.ok:
            raise RemissionError(f"model {self.model!r} fails the model checker:\n{self}")
        return self

    def __str__(self) -> str:
        return "\n".join(f"{'ok  ' if c.passed else 'FAIL'} {c.name}" + (f": {c.detail}" if c.detail else "")
                         for c in self.checks)


def check_model(model, seed: int = 0, tolerance: float = TOLERANCE, protocol: Protocol = CHECK_PROTOCOL,
                n_subjects: int = N_SUBJECTS) -> CheckReport:
    """Run every check on ``model`` (a registered name or a Model); see the module docstring.

    Examples
    --------
    >>> import remission
    >>> report = remission.check_model("rescorla_wagner")  # doctest: +SKIP
    >>> report.ok  # doctest: +SKIP
    True
    """
    mdl = model_registry.get(model)
    engine, fixed = model_registry.engine_form(mdl)
    report = CheckReport(mdl.name)
    report.checks += check_metadata(mdl)
    report.checks += check_params(mdl)
    sim_model = with_choice_readouts(engine)  # the same functions; the policy also reports p_<action>
    report.checks += check_finite(sim_model, fixed, protocol, n_subjects, seed)
    report.checks += check_stable(sim_model, fixed, n_subjects, seed)
    report.checks += check_replay(engine, sim_model, fixed, protocol, n_subjects, seed, tolerance)
    return report


def _produced_readouts(mdl) -> set[str]:
    """Read-outs returned by one policy and one update step on a minimal observation."""
    import jax
    import jax.numpy as jnp

    dims = Dims(n_cues=1, n_contexts=1)
    z = jnp.zeros(())
    obs = {"time": z, "dt": z, "context": jnp.ones(1), "cues": jnp.zeros(1), "pavlovian": jnp.asarray(False),
           "us": z, "session_start": jnp.asarray(True), "available": jnp.ones(len(ACTIONS), bool),
           **{k: z for k in INTERVENTIONS}}
    outcome = {"completed": jnp.asarray(True), "drug": z, "reward": z, "shock": z, "delay": z,
               "cue": jnp.zeros(1)}
    params = {p.name: jnp.asarray(p.default) for p in mdl.params}

    def step():
        state = mdl.init(params, dims)
        ready = mdl.begin(params, state, obs)
        _, pre = mdl.policy(params, ready, obs)
        _, post = mdl.update(params, ready, obs, jnp.int32(1), outcome)
        return pre, post

    with jax.enable_x64(True):
        pre, post = jax.eval_shape(step)
    return set(pre) | set(post)


def check_metadata(mdl) -> list[Check]:
    """Declared metadata is complete and true of the model's functions."""
    names = set(mdl.param_names)
    out = [
        Check("mechanism declared", mdl.mechanism in MECHANISMS, f"{mdl.mechanism!r}"),
        Check("inputs perceived declared", bool(mdl.perceives) and set(mdl.perceives) <= set(INPUTS),
              ", ".join(sorted(mdl.perceives))),
        Check("inputs perceived are observed (not " + ", ".join(sorted(NOT_OBSERVED)) + ")",
              not set(mdl.perceives) & NOT_OBSERVED, ", ".join(sorted(set(mdl.perceives) & NOT_OBSERVED))),
        Check("free parameters", bool(mdl.free), ", ".join(mdl.free)),
        Check("citation, summary and docstring", all(s.strip() for s in (mdl.citation, mdl.summary, mdl.doc))),
        Check("every parameter documented", all(p.doc.strip() for p in mdl.params),
              ", ".join(p.name for p in mdl.params if not p.doc.strip())),
    ]
    if mdl.erasure_share is not None:
        spec = {p.name: p for p in mdl.params}.get(mdl.erasure_share)
        out.append(Check("erasure share is a parameter in [0, 1]",
                         spec is not None and spec.lower >= 0.0 and spec.upper <= 1.0, mdl.erasure_share))
    try:
        get_paradigm(mdl.recovery, n_trials=20)
        recovery = True, mdl.recovery
    except Exception as exc:  # an unregistered paradigm or one without n_trials
        recovery = False, f"{mdl.recovery!r}: {exc}"
    out.append(Check("recovery design is a registered paradigm taking n_trials", *recovery))
    fit = set(mdl.recovery_fit or mdl.free)
    free = fit & set(mdl.free)  # a preset holds some of them fixed (recovery skips those)
    out.append(Check("recovery estimates free parameters of the model", fit <= names and bool(free),
                     ", ".join(sorted(free))))
    produced = _produced_readouts(mdl)
    declared = set(mdl.readouts)
    out.append(Check("declared read-outs are the ones returned", declared == produced and "response" in declared,
                     f"declared only: {sorted(declared - produced)}; returned only: {sorted(produced - declared)}"
                     if declared != produced else ""))
    clash = sorted(declared & set(TABLE_COLUMNS))
    out.append(Check("read-outs do not reuse trial-table column names", not clash,
                     f"{clash} are lost in the trial table" if clash else ""))
    if mdl.base is not None:
        base = model_registry.get(mdl.base)
        differ = {k for k in names if mdl.defaults[k] != base.defaults.get(k)}
        named = all(mdl.defaults[k] == v for k, v in mdl.fixed.items())
        out.append(Check("preset differs from its base only in the values it names",
                         differ <= set(mdl.fixed) and named and set(base.param_names) == names,
                         f"{mdl.base} + {dict(mdl.fixed)}; differing: {sorted(differ)}"))
    return out


def check_params(mdl) -> list[Check]:
    """Bounds, defaults, priors and transforms of every parameter."""
    bad = []
    for p in mdl.params:
        mean, sd = p.prior
        if math.isnan(p.lower) or math.isnan(p.upper) or not p.lower < p.upper:
            bad.append(f"{p.name}: bounds [{p.lower}, {p.upper}]")
        elif not (math.isfinite(p.default) and p.lower <= p.default <= p.upper):
            bad.append(f"{p.name}: default {p.default} outside [{p.lower}, {p.upper}]")
        elif not (math.isfinite(mean) and math.isfinite(sd) and sd > 0):
            bad.append(f"{p.name}: prior {p.prior}")
        elif p.default not in (p.lower, p.upper):
            back = float(p.to_constrained(p.to_unconstrained(np.float64(p.default))))
            if not math.isclose(back, p.default, rel_tol=1e-6, abs_tol=1e-9):
                bad.append(f"{p.name}: transform maps {p.default} to {back}")
    return [Check("bounds, defaults, priors and transforms", not bad, "; ".join(bad))]


def _box(mdl, n: int, seed: int) -> list[dict]:
    """Parameter sets of ``n`` subjects: the box's corners (rotated per parameter) and uniform draws."""
    rng = np.random.default_rng(seed)
    lo = {p.name: p.lower if math.isfinite(p.lower) else min(p.default, p.upper) - 100.0 for p in mdl.params}
    hi = {p.name: p.upper if math.isfinite(p.upper) else max(p.default, lo[p.name]) + 100.0 for p in mdl.params}
    corners = {k: np.roll(np.resize([lo[k], hi[k], d], n), i % 3)
               for i, (k, d) in enumerate(mdl.defaults.items())}
    inside = {k: rng.uniform(lo[k], hi[k], n) for k in mdl.param_names}
    return [corners, inside]


def _numbers(trials) -> np.ndarray:
    return trials.select_dtypes("number").to_numpy(dtype=float)


def _box_runs(sim_model, fixed, protocol, n, seed):
    """(parameter values, trial table) of ``protocol`` at each parameter set of :func:`_box`,
    the ``fixed`` parameters held at their values."""
    for values in _box(sim_model, n, seed):
        values = {k: (np.full(n, fixed[k]) if k in fixed else v) for k, v in values.items()}
        yield values, simulate(sim_model, protocol, n_subjects=n, params=values, seed=seed).trials


def check_finite(sim_model, fixed, protocol, n, seed) -> list[Check]:
    """Finite everywhere in the parameter box; the same seed gives the same numbers."""
    bad = []
    for _, trials in _box_runs(sim_model, fixed, protocol, n, seed):
        cols = [c for c in trials.select_dtypes("number") if not np.isfinite(trials[c].to_numpy(float)).all()]
        if cols:
            bad.append(f"non-finite {cols}")
    first = simulate(sim_model, protocol, n_subjects=n, params=fixed, seed=seed).trials
    again = simulate(sim_model, protocol, n_subjects=n, params=fixed, seed=seed).trials
    same = np.array_equal(_numbers(first), _numbers(again), equal_nan=True) and first["action"].equals(again["action"])
    return [Check("finite across the parameter box", not bad, "; ".join(bad)),
            Check("deterministic: same seed, same numbers", same)]


def check_stable(sim_model, fixed, n, seed) -> list[Check]:
    """Read-outs stay within ±:data:`STABLE_BOUND` over long acquisition and extinction, at the
    corners of the parameter box and at random points inside it."""
    bad = []
    for values, trials in _box_runs(sim_model, fixed, STABILITY_PROTOCOL, n, seed):
        for c in (c for c in sim_model.readouts if c in trials.columns):
            x = np.abs(trials[c].to_numpy(float))
            if not (x <= STABLE_BOUND).all():
                worst = int(np.nanargmax(np.where(np.isfinite(x), x, np.inf)))
                subject = int(trials["subject"].iloc[worst])
                at = {k: round(float(np.asarray(v)[subject]), 4) for k, v in values.items()
                      if k not in fixed}
                bad.append(f"{c} reaches {x[worst]:.3g} (subject at {at})")
                break
    return [Check(f"stable: read-outs within ±{STABLE_BOUND:g} over 60 pairings and 60 "
                  "extinction trials", not bad, "; ".join(bad[:2]))]


def check_replay(engine, sim_model, fixed, protocol, n, seed, tolerance) -> list[Check]:
    """Simulation and likelihood replay agree step by step (action probabilities and read-outs)."""
    population = engine.population(fixed)
    result = simulate(sim_model, protocol, n_subjects=n, params=population, seed=seed)
    design = build_design(from_simulation(result))
    by_subject = result.params.set_index("subject")
    values = {k: by_subject.loc[[int(s) for s in design.subjects], k].to_numpy() for k in engine.param_names}
    replayed = replay(engine, design, values)
    columns = [f"p_{a}" for a in ACTIONS] + [r for r in engine.readouts if r not in TABLE_COLUMNS]
    worst, where = compare_steps(result.trials, design, replayed, columns)
    detail = f"largest difference {worst:.2g}" + (f", {where}" if worst > tolerance else "")
    return [Check("simulation = likelihood replay (action probabilities and read-outs)", worst <= tolerance, detail)]


def compare_steps(trials, design, replayed, columns) -> tuple[float, str]:
    """Largest difference |a − b| / (1 + |a|) between simulated ``trials`` and ``replayed`` arrays
    (subject × step) over ``columns``, and where it is (inf when step counts differ)."""
    trials = trials.sort_values(["subject", "step"])
    worst, where = 0.0, ""
    for i, s in enumerate(design.subjects):
        sim = trials[trials["subject"] == int(s)]
        steps = int(design.valid[i].sum())
        if len(sim) != steps:
            return math.inf, f"subject {s}: {len(sim)} simulated steps, {steps} replayed"
        for col in columns:
            a, b = sim[col].to_numpy(float), np.asarray(replayed[col][i, :steps], float)
            err = np.abs(a - b) / (1.0 + np.abs(a))
            if err.max(initial=0.0) > worst:
                k = int(err.argmax())
                worst = float(err.max())
                where = (f"{col} of subject {s} at step {k} ({sim['phase'].iloc[k]}): simulated {a[k]:.9g}, "
                         f"replayed {b[k]:.9g}")
    return worst, where
