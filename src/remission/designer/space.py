"""Design spaces: a protocol template with ranges, under a budget of animals and days.

The template (:func:`build`) is the relapse experiment of the field, with every choice a
dimension:

1. drug self-administration in context A (``training_sessions`` daily 1 h sessions, FR1,
   cue-paired infusions; Ahmed & Koob 1998);
2. extinction in ``extinction_context`` for ``extinction_sessions`` sessions, with an
   ``extinction_schedule``: ``abrupt`` (presses bring nothing from the first session), ``gradual``
   (the first ⌊k/2⌋ sessions deliver a dose that falls linearly to zero, the reinforcement fading of
   Gershman, Jones, Norman, Monfils & Niv 2013, Learn Mem 20:130) or ``thinning`` (the first ⌊k/2⌋
   sessions reinforce on FR 2, 4, 8, … : schedule thinning before extinction);
3. optionally (``retrieval = true``) a retrieval trial, the drug cue alone, ``retrieval_gap``
   before the first drug-free extinction session (Monfils et al. 2009; Xue et al. 2012);
4. relapse ``tests`` in ``test_context``: the first after ``test_delay``, the others a day apart;
   each test's trigger is ``none`` (renewal / spontaneous recovery), ``cue``, ``prime`` or
   ``stress`` (reinstatement; :data:`remission.protocols.relapse.TEST_MAGNITUDE`).

A space file::

    [design]                 # fixed choices (any dimension; defaults in DEFAULTS)
    training_sessions = 10

    [space]                  # searched dimensions: a list of choices or a range table
    extinction_sessions = { low = 2, high = 12 }
    test_delay = { low = "1 day", high = "60 days" }      # durations: log scale
    test_context = ["A", "B", "C"]
    tests = [["none"], ["none", "prime"]]
    subjects_per_group = { low = 2, high = 16 }

    [budget]
    animals = 32             # all groups together
    days = 90                # from the first session to the end of the last

More animals never lose information, so ``subjects_per_group`` is not searched: the design uses the
most its range and the animal budget allow. Designs longer than the day budget are infeasible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from remission.errors import RemissionError, read_toml
from remission.protocols import Duration, Phase, Protocol
from remission.protocols.blocks import (DRUG_CUE, INACTIVE, drug_lever, extinction_phase,
                                        self_administration_phase, test_phase)
from remission.protocols.relapse import TEST_MAGNITUDE
from remission.protocols.schema import PavlovianTrial

SCHEDULES = ("abrupt", "gradual", "thinning")
CONTEXTS = ("A", "B", "C")
TRIGGERS = tuple(TEST_MAGNITUDE)
DEFAULTS = {
    "training_sessions": 10, "extinction_sessions": 6, "extinction_context": "A",
    "extinction_schedule": "abrupt", "retrieval": False, "retrieval_gap": "10 min",
    "test_context": "A", "test_delay": "1 day", "tests": ["none"], "subjects_per_group": 8,
}
KINDS = {"training_sessions": "int", "extinction_sessions": "int", "extinction_context": "context",
         "extinction_schedule": "schedule", "retrieval": "bool", "retrieval_gap": "duration",
         "test_context": "context", "test_delay": "duration", "tests": "tests",
         "subjects_per_group": "int"}
DOSE = 0.25


def _check(where: str, key: str, value, kind: str):
    """Validate one value of a dimension; returns it normalised."""
    def bad(valid):
        raise RemissionError(f"{where}.{key} = {value!r} is invalid; valid: {valid}")
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad("an integer >= 1")
        return value
    if kind == "context":
        return value if value in CONTEXTS else bad(", ".join(CONTEXTS))
    if kind == "schedule":
        return value if value in SCHEDULES else bad(", ".join(SCHEDULES))
    if kind == "bool":
        return value if isinstance(value, bool) else bad("true or false")
    if kind == "duration":
        try:
            return str(Duration.model_validate(value))
        except Exception:  # noqa: BLE001 - pydantic's message is replaced by ours
            bad("a duration such as '10 min', '6 h', '21 days'")
    if kind == "tests":
        if not isinstance(value, list) or not value or any(t not in TRIGGERS for t in value):
            bad(f"a non-empty list of {', '.join(TRIGGERS)}")
        return list(value)
    raise AssertionError(kind)


@dataclass(frozen=True)
class Dimension:
    """A searched dimension: ``choices`` or a range ``low..high`` (durations on a log scale)."""

    name: str
    kind: str
    choices: tuple = ()
    low: float = 0.0
    high: float = 0.0

    def decode(self, u: float):
        """The value at ``u`` ∈ [0, 1]."""
        u = min(max(float(u), 0.0), 1.0)
        if self.choices:
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        if self.kind == "int":
            return int(round(self.low + u * (self.high - self.low)))
        minutes = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        return duration_text(minutes)


def duration_text(minutes: float) -> str:
    """Minutes rounded to two significant digits, in the largest unit that keeps them readable."""
    for unit, size in (("days", 1440.0), ("h", 60.0), ("min", 1.0)):
        if minutes >= size or unit == "min":
            return f"{float(f'{minutes / size:.2g}'):g} {unit}"


@dataclass(frozen=True)
class Budget:
    animals: int | None = None
    days: float | None = None


@dataclass(frozen=True)
class DesignSpace:
    """Fixed choices, searched dimensions and a budget (see the module docstring)."""

    fixed: Mapping = field(default_factory=dict)
    dimensions: tuple[Dimension, ...] = ()
    budget: Budget = Budget()
    name: str = "designed"

    def decode(self, u) -> dict:
        """The design (every dimension's value) at the point ``u`` of [0, 1]^d."""
        values = {**DEFAULTS, **self.fixed}
        for dim, x in zip(searched(self), u):
            value = dim.decode(x)
            values[dim.name] = list(value) if isinstance(value, tuple) else value
        values["subjects_per_group"] = self.subjects(values)
        return values

    def subjects(self, values: Mapping) -> int:
        n = next((d.high for d in self.dimensions if d.name == "subjects_per_group"),
                 values["subjects_per_group"])
        if self.budget.animals is not None:
            n = min(n, self.budget.animals)
        return int(n)

    def days(self, values: Mapping) -> float:
        return protocol_days(build(values, self.name))

    def feasible(self, values: Mapping) -> bool:
        return self.budget.days is None or self.days(values) <= self.budget.days


def protocol_days(protocol: Protocol) -> float:
    """Days from the start of the first session to the end of the last."""
    end = 0.0
    for i, p in enumerate(protocol.phases):
        start = end + (p.gap_before.minutes if i else 0.0)
        end = start + (p.sessions - 1) * p.session_interval.minutes + p.steps_per_session * p.step_minutes
    return end / 1440.0


def build(values: Mapping, name: str = "designed") -> Protocol:
    """The protocol of one design (``values`` as :meth:`DesignSpace.decode` returns)."""
    v = {**DEFAULTS, **values}
    ctx, k = v["extinction_context"], int(v["extinction_sessions"])
    phases = [self_administration_phase(sessions=int(v["training_sessions"]))]
    ramp = k // 2 if v["extinction_schedule"] != "abrupt" else 0
    for i in range(1, ramp + 1):
        if v["extinction_schedule"] == "gradual":
            lever = drug_lever(dose=round(DOSE * (1 - i / (ramp + 1)), 6))
        else:
            lever = drug_lever(ratio=2**i)
        phases.append(Phase(name=f"fade{i}", context=ctx, session_length="1 h", bin="10 s",
                            options=[lever, INACTIVE]))
    gap = "1 day"
    if v["retrieval"]:
        phases.append(Phase(name="retrieval", context=ctx, pavlovian=[PavlovianTrial(cs=[DRUG_CUE])]))
        gap = v["retrieval_gap"]
    phases.append(extinction_phase(context=ctx, sessions=k - ramp, gap_before=gap))
    for i, trigger in enumerate(v["tests"]):
        phases.append(test_phase(trigger, context=v["test_context"],
                                 gap=v["test_delay"] if i == 0 else "1 day",
                                 magnitude=TEST_MAGNITUDE[trigger], name=f"test{i + 1}_{trigger}"))
    what = (f"SA in A, {k} {v['extinction_schedule']} extinction sessions in {ctx}"
            + (f", retrieval {v['retrieval_gap']} before" if v["retrieval"] else "")
            + f"; tests {'+'.join(v['tests'])} in {v['test_context']} after {v['test_delay']}")
    return Protocol(name=name, description=what, citation="remission design (issue 17)",
                    phases=phases)


def parse_space(data: Mapping, source: str = "space") -> DesignSpace:
    """A :class:`DesignSpace` from a TOML-style mapping (see the module docstring)."""
    extra = sorted(set(data) - {"design", "space", "budget", "name"})
    if extra:
        raise RemissionError(f"{source}: {extra[0]}: unknown table; valid: design, space, budget, name")
    fixed = {}
    for key, value in dict(data.get("design", {})).items():
        if key not in KINDS:
            raise RemissionError(f"{source}: design.{key}: unknown dimension; valid: {', '.join(KINDS)}")
        fixed[key] = _check(f"{source}: design", key, value, KINDS[key])
    dims = []
    for key, value in dict(data.get("space", {})).items():
        where = f"{source}: space"
        if key not in KINDS:
            raise RemissionError(f"{where}.{key}: unknown dimension; valid: {', '.join(KINDS)}")
        kind = KINDS[key]
        if isinstance(value, list):
            if len(value) < 1:
                raise RemissionError(f"{where}.{key} = []: give at least one choice")
            dims.append(Dimension(key, kind, tuple(_check(where, key, c, kind) if kind != "tests"
                                                   else tuple(_check(where, key, c, kind)) for c in value)))
        elif isinstance(value, Mapping) and kind in ("int", "duration"):
            if set(value) - {"low", "high"} or not {"low", "high"} <= set(value):
                raise RemissionError(f"{where}.{key} = {dict(value)!r}; valid: {{ low = …, high = … }}")
            lo, hi = (_check(where, key, value[b], kind) for b in ("low", "high"))
            if kind == "duration":
                lo, hi = Duration.model_validate(lo).minutes, Duration.model_validate(hi).minutes
                if lo <= 0:
                    raise RemissionError(f"{where}.{key}.low = {value['low']!r}: must be longer than 0")
            if hi < lo:
                raise RemissionError(f"{where}.{key}: high = {value['high']!r} is below low = {value['low']!r}")
            dims.append(Dimension(key, kind, (), float(lo), float(hi)))
        else:
            valid = "a list of choices or { low, high }" if kind in ("int", "duration") else "a list of choices"
            raise RemissionError(f"{where}.{key} = {value!r} is invalid; valid: {valid}")
    budget = dict(data.get("budget", {}))
    for key in budget:
        if key not in ("animals", "days"):
            raise RemissionError(f"{source}: budget.{key}: unknown; valid: animals, days")
        if isinstance(budget[key], bool) or not isinstance(budget[key], (int, float)) or budget[key] <= 0:
            raise RemissionError(f"{source}: budget.{key} = {budget[key]!r} is invalid; valid: a number > 0")
    space = DesignSpace(fixed, tuple(dims), Budget(budget.get("animals"), budget.get("days")),
                        str(data.get("name", "designed")))
    if space.subjects(space.decode([0.5] * len(dims))) < 2:
        raise RemissionError(f"{source}: budget.animals = {budget.get('animals')!r} allows fewer than "
                             "2 subjects per group; valid: animals >= 2")
    return space


def read_space(path: str | Path) -> DesignSpace:
    """A design space from a TOML file."""
    path = Path(path)
    data = read_toml(path, "design space file")
    return parse_space(data, source=str(path))


def searched(space: DesignSpace) -> tuple[Dimension, ...]:
    """The dimensions the optimiser moves (all but ``subjects_per_group``)."""
    return tuple(d for d in space.dimensions if d.name != "subjects_per_group")


__all__ = ["Budget", "DesignSpace", "Dimension", "build", "parse_space", "protocol_days",
           "read_space", "searched"]
