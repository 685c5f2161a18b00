"""Protocols as data: phases, options, schedules, outcomes, Pavlovian trials, gaps and interventions.

A :class:`Protocol` is an ordered list of :class:`Phase` objects. It is built from Python or loaded
from TOML and is validated by pydantic; every error names the phase and field, the bad value, and
what would be valid. Times are :class:`Duration` values with units (``"20 s"``, ``"10 min"``,
``"6 h"``, ``"21 days"``, ``"3 months"``); the engine converts them to minutes.

Timing conventions
------------------
* ``gap_before``: time from the end of the previous phase's last session to this phase's start.
* ``session_interval``: time from the start of one session to the start of the next (default 1 day).
* Within a session, steps are ``bin`` apart (free-operant) or ``trial_interval`` apart (discrete
  trials and Pavlovian trials).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from remission._help import ShortHelpMeta
from remission.errors import RemissionError, read_toml

#: Minutes per unit. A month is 30 days, a year 365 days.
UNITS_IN_MINUTES = {
    "s": 1 / 60, "sec": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "min": 1.0, "minute": 1.0, "minutes": 1.0,
    "h": 60.0, "hour": 60.0, "hours": 60.0,
    "day": 1440.0, "days": 1440.0,
    "week": 10080.0, "weeks": 10080.0,
    "month": 43200.0, "months": 43200.0,
    "year": 525600.0, "years": 525600.0,
}
_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]+)\s*$")

#: Actions every operant step offers the agent; index 0 ("none") is always available.
ACTIONS = ("none", "drug", "alternative", "inactive")
OPTION_NAMES = ACTIONS[1:]
INTERVENTIONS = ("prime", "stress", "depotentiation", "amnestic", "enrichment")


#: Largest accepted duration (minutes, ~1,900 years), number of steps, and magnitude (dose, reward,
#: shock, US, intervention): bigger values are unit errors and would overflow arrays or numbers.
MAX_MINUTES = 1e9
MAX_STEPS = 10_000_000
MAX_MAGNITUDE = 1e6


class _Strict(BaseModel, metaclass=ShortHelpMeta):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Duration(_Strict):
    """A time span with a unit, written ``"<number> <unit>"`` (units: s, min, h, day(s), week(s), month(s), year(s))."""

    value: float = Field(ge=0)
    unit: str = "min"

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data):
        if isinstance(data, Duration):
            return data
        if isinstance(data, (int, float)):
            return {"value": float(data), "unit": "min"}
        if isinstance(data, str):
            m = _DURATION.match(data)
            if not m:
                raise ValueError(
                    f"{data!r} is not a duration; write e.g. '20 s', '10 min', '6 h', '21 days'"
                )
            return {"value": float(m.group(1)), "unit": m.group(2)}
        return data

    @field_validator("unit")
    @classmethod
    def _unit(cls, unit: str) -> str:
        if unit not in UNITS_IN_MINUTES:
            raise ValueError(f"unknown time unit {unit!r}; valid: s, min, h, days, weeks, months, years")
        return unit

    @model_validator(mode="after")
    def _bounded(self):
        if self.minutes > MAX_MINUTES:
            raise ValueError(f"{self.value:g} {self.unit} is longer than the maximum of "
                             f"{MAX_MINUTES:.0e} minutes")
        return self

    @property
    def minutes(self) -> float:
        return self.value * UNITS_IN_MINUTES[self.unit]

    def __str__(self) -> str:
        v = int(self.value) if float(self.value).is_integer() else self.value
        return f"{v} {self.unit}"


class Schedule(_Strict):
    """Schedule of reinforcement of one lever: fixed ratio (FR n) or progressive ratio (PR).

    PR follows Richardson & Roberts (1996): requirement_j = round(5 e^{0.2 j} - 5), j = 1, 2, ...
    A time-out after each delivery makes the option's outcomes unavailable (presses still count
    as responses, as in the operant box).
    """

    kind: Literal["FR", "PR"] = "FR"
    ratio: int = Field(default=1, ge=1)
    timeout: Duration = Duration(value=0, unit="s")


SUBSTANCES = ("cocaine", "heroin", "methamphetamine", "alcohol", "nicotine")
REWARD_KINDS = ("sweet", "food", "social")


class Outcome(_Strict):
    """What one delivery brings: drug dose, reward magnitude, footshock, delay, paired cue.

    ``shock_intensity_end`` (if given) ramps the intensity linearly across each session, from
    ``shock_intensity`` at the first step to this value at the last (Durand et al. 2022).
    ``consequence`` accrues with each delivery and arrives later, exponentially with mean
    ``consequence_delay`` (life-course protocols; :mod:`remission.engine.environment`); with
    ``consequence_growth`` g the k-th such delivery accrues ``consequence`` · (1 + g k): harm that
    builds up with use (the costs of the tenth year of heavy use exceed those of the first).
    ``substance`` names the drug and ``reward_kind`` the non-drug reward (saccharin, palatable
    food, a peer): a model that distinguishes drugs or rewards can read them; findings whose
    targets differ by drug or reward are not applicable to a model that cannot.
    """

    drug: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE, description="drug dose (e.g. mg/kg)")
    reward: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE, description="non-drug reward magnitude")
    shock_probability: float = Field(default=0.0, ge=0, le=1)
    shock_intensity: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE, description="mA")
    shock_intensity_end: float | None = Field(default=None, ge=0, le=MAX_MAGNITUDE)
    delay: Duration = Duration(value=0, unit="s")
    cue: str | None = Field(default=None, description="cue presented with each delivery")
    consequence: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE,
                               description="delayed aversive consequence accrued per delivery "
                                           "(health, legal, social; shock-equivalent units)")
    consequence_delay: Duration = Field(default=Duration(value=0, unit="s"),
                                        description="mean delay with which consequences arrive")
    consequence_growth: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE,
                                      description="growth of the consequence accrued per delivery "
                                                  "with each earlier delivery that carried one")
    substance: Literal["cocaine", "heroin", "methamphetamine", "alcohol", "nicotine"] = "cocaine"
    reward_kind: Literal["sweet", "food", "social"] = "food"


class Option(_Strict):
    """A lever (or nose-poke) the subject may operate: drug, alternative or inactive."""

    name: Literal["drug", "alternative", "inactive"]
    schedule: Schedule = Schedule()
    outcome: Outcome = Outcome()


class PavlovianTrial(_Strict):
    """``count`` presentations of the CS compound ``cs`` followed by a US of magnitude ``us``."""

    cs: list[str] = Field(min_length=1)
    us: float = Field(default=0.0, ge=0, le=MAX_MAGNITUDE)
    count: int = Field(default=1, ge=1, le=MAX_STEPS)


class Intervention(_Strict):
    """An event applied at the start of a phase.

    kinds: ``prime`` (non-contingent drug dose), ``stress`` (stressor magnitude, e.g. footshock),
    ``depotentiation`` (fraction of drug-evoked potentiation reversed, Pascoli et al. 2012),
    ``amnestic`` (protein-synthesis inhibitor strength ψ), ``enrichment`` (level of environmental
    enrichment during the preceding gap, Chauvet et al. 2009).
    """

    kind: Literal["prime", "stress", "depotentiation", "amnestic", "enrichment"]
    magnitude: float = Field(default=1.0, ge=0, le=MAX_MAGNITUDE)

    @model_validator(mode="after")
    def _fraction(self):
        if self.kind in ("depotentiation", "amnestic") and self.magnitude > 1:
            raise ValueError(f"{self.kind} magnitude {self.magnitude} must lie in [0, 1]")
        return self


class Phase(_Strict):
    """One phase of a protocol (acquisition, extinction, abstinence test, ...).

    Steps of a session are either Pavlovian trials (``pavlovian``), discrete operant trials
    (``options`` with ``trials``) or free-operant time bins (``options`` with ``session_length``).
    """

    name: str = Field(min_length=1)
    context: str = "A"
    sessions: int = Field(default=1, ge=1, le=MAX_STEPS)
    trials: int | None = Field(default=None, ge=1, le=MAX_STEPS, description="discrete trials per session")
    session_length: Duration | None = None
    bin: Duration = Duration(value=20, unit="s")
    trial_interval: Duration = Duration(value=1, unit="min")
    session_interval: Duration = Duration(value=1, unit="day")
    gap_before: Duration = Duration(value=1, unit="day")
    options: list[Option] = Field(default_factory=list)
    pavlovian: list[PavlovianTrial] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list, description="cues present throughout")
    interventions: list[Intervention] = Field(default_factory=list)

    @model_validator(mode="after")
    def _structure(self):
        lags = {o.outcome.consequence_delay.minutes for o in self.options if o.outcome.consequence > 0}
        if any(lag <= 0 for lag in lags):
            raise ValueError("an option with a consequence needs a consequence_delay > 0")
        if not self.options and not self.pavlovian:
            raise ValueError(
                "a phase needs `options` (operant levers) or `pavlovian` trials; it has neither"
            )
        if self.options and self.pavlovian:
            raise ValueError("a phase is either operant (`options`) or Pavlovian, not both")
        names = [o.name for o in self.options]
        if len(set(names)) != len(names):
            raise ValueError(f"options repeat a name: {names}; each lever appears once")
        if self.options and self.trials is None and self.session_length is None:
            raise ValueError("an operant phase needs `trials` (discrete trials) or `session_length`")
        if self.options and self.trials is not None and self.session_length is not None:
            raise ValueError("give `trials` or `session_length`, not both")
        if self.session_length is not None and self.bin.minutes <= 0:
            raise ValueError("`bin` must be longer than 0 s")
        if self.session_length is not None and self.session_length.minutes < self.bin.minutes:
            raise ValueError(
                f"session_length {self.session_length} is shorter than one bin ({self.bin})"
            )
        if self.sessions * self.steps_per_session > MAX_STEPS:
            raise ValueError(
                f"{self.sessions} sessions x {self.steps_per_session} steps exceed the maximum of "
                f"{MAX_STEPS:,} steps; use fewer sessions or trials, or a longer bin"
            )
        return self

    @property
    def steps_per_session(self) -> int:
        if self.pavlovian:
            return sum(t.count for t in self.pavlovian)
        if self.trials is not None:
            return self.trials
        return max(1, int(round(min(self.session_length.minutes / self.bin.minutes, 2.0**62))))

    @property
    def step_minutes(self) -> float:
        """Time between consecutive steps of a session, in minutes."""
        return self.bin.minutes if self.session_length is not None else self.trial_interval.minutes


class Protocol(_Strict):
    """An experiment: ordered phases, with the paper whose procedure it follows.

    Examples
    --------
    >>> from remission import Protocol
    >>> p = Protocol.from_toml("examples/renewal_aba.toml")  # doctest: +SKIP
    >>> p.to_toml("copy.toml")  # doctest: +SKIP
    """

    name: str = Field(min_length=1)
    description: str = ""
    citation: str = ""
    phases: list[Phase] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        names = [p.name for p in self.phases]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"phase names must be unique; repeated: {dup}")
        lags = {o.outcome.consequence_delay.minutes for p in self.phases for o in p.options
                if o.outcome.consequence > 0}
        if len(lags) > 1:
            raise ValueError(f"every option with a consequence must have the same "
                             f"consequence_delay; got {sorted(lags)} minutes")
        if self.n_steps > MAX_STEPS:
            raise ValueError(f"the protocol has {self.n_steps:,} steps; the maximum is {MAX_STEPS:,}")
        return self

    # ---- construction with readable errors ----------------------------------------------------
    @classmethod
    def parse(cls, data: dict, source: str = "protocol") -> "Protocol":
        """Validate a plain dict, turning pydantic errors into one :class:`RemissionError`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise RemissionError(format_validation_error(exc, data, source)) from None

    @classmethod
    def from_toml(cls, path: str | Path) -> "Protocol":
        """Load and validate a protocol from a TOML file."""
        path = Path(path)
        data = read_toml(path, "protocol file")
        return cls.parse(data, source=str(path))

    def to_dict(self) -> dict:
        """A plain dict (durations as strings, defaults omitted) that :meth:`parse` reads back."""
        return _plain(self)

    def to_toml(self, path: str | Path | None = None) -> str:
        """Write the protocol as TOML (and return the text); ``from_toml`` reads it back exactly."""
        text = tomli_w.dumps(self.to_dict())
        if path is not None:
            Path(path).write_text(text)
        return text

    @property
    def contexts(self) -> list[str]:
        return sorted({p.context for p in self.phases})

    @property
    def cue_names(self) -> list[str]:
        cues = set()
        for p in self.phases:
            cues.update(p.cues)
            for t in p.pavlovian:
                cues.update(t.cs)
            for o in p.options:
                if o.outcome.cue:
                    cues.add(o.outcome.cue)
        return sorted(cues)

    @property
    def n_steps(self) -> int:
        return sum(p.sessions * p.steps_per_session for p in self.phases)

    @property
    def consequence_lag(self) -> float:
        """Mean delay (minutes) of the protocol's delayed consequences (0 when it has none)."""
        lags = [o.outcome.consequence_delay.minutes for p in self.phases for o in p.options
                if o.outcome.consequence > 0]
        return lags[0] if lags else 0.0


def _plain(model: BaseModel) -> dict:
    out = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value == field.get_default(call_default_factory=True):
            continue
        out[name] = _plain_value(value)
    return out


def _plain_value(value):
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, BaseModel):
        return _plain(value)
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


def format_validation_error(exc: ValidationError, data, source: str) -> str:
    """Render pydantic errors as 'phase "extinction" (phases[1]).options[0].outcome.drug = -1: ...'."""
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        where = source
        node = data
        parts = []
        for key in loc:
            if isinstance(key, int):
                parts.append(f"[{key}]")
            else:
                parts.append(("." if parts else "") + str(key))
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                node = None
            if isinstance(node, dict) and "name" in node and len(parts) <= 2:
                where = f"{source}: phase {node['name']!r}"
        field = "".join(parts) or "(top level)"
        shown = f" = {err['input']!r}" if err["type"] != "missing" and not isinstance(err["input"], dict) else ""
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {field}{shown}: {msg}")
    return "invalid protocol:\n  " + "\n  ".join(lines)
