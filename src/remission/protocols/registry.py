"""Canonical paradigms of the field, as protocol factories.

Each factory returns a :class:`Protocol`; its keyword arguments are the overrides
``remission.protocols.get(name, **overrides)`` accepts, and its docstring cites the paper whose
procedure it follows. Register a new paradigm with ``@paradigm("name")``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from remission.errors import RemissionError, unknown_name
from remission.protocols.schema import (
    Duration,
    Intervention,
    Option,
    Outcome,
    PavlovianTrial,
    Phase,
    Protocol,
    Schedule,
)

_FACTORIES: dict[str, Callable[..., Protocol]] = {}


def paradigm(name: str):
    """Decorator registering a protocol factory under ``name``."""

    def register(factory):
        _FACTORIES[name] = factory
        return factory

    return register


def names() -> list[str]:
    """Registered paradigm names."""
    return sorted(_FACTORIES)


def factory(name: str) -> Callable[..., Protocol]:
    if name not in _FACTORIES:
        raise unknown_name("protocol", name, _FACTORIES)
    return _FACTORIES[name]


def citation(name: str) -> str:
    """First line of the factory docstring's 'Source' (the paper it follows)."""
    doc = inspect.getdoc(factory(name)) or ""
    for line in doc.splitlines():
        if line.startswith("Source:"):
            return line.removeprefix("Source:").strip()
    return ""


def get(name: str, **overrides) -> Protocol:
    """Build the registered paradigm ``name`` with keyword ``overrides`` (see its docstring)."""
    make = factory(name)
    valid = inspect.signature(make).parameters
    for key in overrides:
        if key not in valid:
            raise unknown_name(f"override of protocol {name!r}", key, valid)
    try:
        return make(**overrides)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, RemissionError):
            raise
        raise RemissionError(f"protocol {name!r} with overrides {overrides}: {exc}") from None


# ---- building blocks --------------------------------------------------------------------------

DRUG_CUE = "drug_cue"
"""The light/tone cue paired with each infusion; cue-induced seeking tests present it."""


def drug_lever(dose: float = 0.25, timeout: str = "20 s", ratio: int = 1, cue: str | None = DRUG_CUE,
               **outcome) -> Option:
    """Drug lever: FR ``ratio``, each infusion followed by a time-out and the paired cue."""
    return Option(
        name="drug",
        schedule=Schedule(kind="FR", ratio=ratio, timeout=Duration.model_validate(timeout)),
        outcome=Outcome(drug=dose, cue=cue, **outcome),
    )


def extinction_lever(cue: bool = False) -> Option:
    """The drug lever under extinction: presses bring no drug (and the cue only if ``cue``)."""
    return Option(name="drug", outcome=Outcome(cue=DRUG_CUE if cue else None))


INACTIVE = Option(name="inactive")


def self_administration_phase(name="self_administration", context="A", sessions=10, access="1 h",
                              dose=0.25, bin="10 s", **kw) -> Phase:
    return Phase(name=name, context=context, sessions=sessions, session_length=access, bin=bin,
                 options=[drug_lever(dose), INACTIVE], **kw)


def extinction_phase(name="extinction", context="A", sessions=6, length="1 h", bin="10 s",
                     gap_before="1 day", cue=False, **kw) -> Phase:
    return Phase(name=name, context=context, sessions=sessions, session_length=length, bin=bin,
                 gap_before=gap_before, options=[extinction_lever(cue), INACTIVE], **kw)


# ---- the registry -----------------------------------------------------------------------------


@paradigm("self_administration")
def self_administration(access: str = "short", sessions: int = 10, dose: float = 0.25,
                        bin: str = "10 s") -> Protocol:
    """Intravenous drug self-administration, short (1 h) or long (6 h) daily access.

    FR1 on the drug lever, each infusion followed by a 20 s time-out signalled by the cue light;
    an inactive lever controls for general activity.

    Source: Ahmed & Koob 1998, Science 282:298
    """
    lengths = {"short": "1 h", "long": "6 h"}
    if access not in lengths:
        raise RemissionError(f"access = {access!r}; valid: 'short' (1 h) or 'long' (6 h)")
    return Protocol(
        name="self_administration",
        description=f"{access}-access self-administration, {sessions} daily sessions",
        citation="Ahmed & Koob 1998, Science 282:298",
        phases=[self_administration_phase(sessions=sessions, access=lengths[access], dose=dose,
                                          bin=bin)],
    )


@paradigm("extinction")
def extinction(training_sessions: int = 10, extinction_sessions: int = 6) -> Protocol:
    """Self-administration followed by extinction: lever presses no longer bring drug or cue.

    Source: Shaham et al. 2003, Psychopharmacology 168:3 (reinstatement model review)
    """
    return Protocol(
        name="extinction",
        description="self-administration then operant extinction in the same context",
        citation="Shaham et al. 2003, Psychopharmacology 168:3",
        phases=[self_administration_phase(sessions=training_sessions),
                extinction_phase(sessions=extinction_sessions)],
    )


def _renewal(design: str, pavlovian: bool, training_sessions: int, extinction_sessions: int,
             test_gap: str) -> Protocol:
    acq, ext, test = design
    if pavlovian:
        phases = [
            Phase(name="acquisition", context=acq, sessions=training_sessions,
                  pavlovian=[PavlovianTrial(cs=["tone"], us=1.0, count=10)]),
            Phase(name="extinction", context=ext, sessions=extinction_sessions,
                  pavlovian=[PavlovianTrial(cs=["tone"], us=0.0, count=10)]),
            Phase(name="test", context=test, gap_before=test_gap,
                  pavlovian=[PavlovianTrial(cs=["tone"], us=0.0, count=4)]),
        ]
    else:
        phases = [
            self_administration_phase(context=acq, sessions=training_sessions),
            extinction_phase(context=ext, sessions=extinction_sessions),
            extinction_phase(name="test", context=test, sessions=1, gap_before=test_gap),
        ]
    return Protocol(
        name=f"renewal_{design.lower()}",
        description=f"{design} renewal: acquisition in {acq}, extinction in {ext}, test in {test}",
        citation="Crombag & Shaham 2002, Behav Neurosci 116:169; Bouton et al. 2011",
        phases=phases,
    )


def _register_renewal(design: str, note: str) -> None:
    def make(pavlovian: bool = False, training_sessions: int = 10, extinction_sessions: int = 6,
             test_gap: str = "1 day") -> Protocol:
        return _renewal(design, pavlovian, training_sessions, extinction_sessions, test_gap)

    make.__doc__ = (
        f"{design} renewal of extinguished seeking ({note}).\n\n"
        "Drug self-administration (or CS–US pairings with ``pavlovian=True``) in the first context,\n"
        "extinction in the second, a test under extinction conditions in the third.\n\n"
        "Source: Crombag & Shaham 2002, Behav Neurosci 116:169; Bouton et al. 2011, "
        "Learn Mem 18:1"
    )
    make.__name__ = f"renewal_{design.lower()}"
    paradigm(f"renewal_{design.lower()}")(make)


for _design, _note in (("ABA", "return to the drug context"), ("ABC", "test in a novel context"),
                       ("AAB", "extinction in the training context, test elsewhere"),
                       ("AAA", "the no-renewal control")):
    _register_renewal(_design, _note)


@paradigm("spontaneous_recovery")
def spontaneous_recovery(test_delay: str = "21 days", training_sessions: int = 10,
                         extinction_sessions: int = 6) -> Protocol:
    """Extinguished seeking returns with the passage of time (test after ``test_delay``).

    Compare ``test_delay="10 min"`` (immediate) with days to weeks (delayed).

    Source: Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976
    """
    return Protocol(
        name="spontaneous_recovery",
        description=f"self-administration, extinction, test after {test_delay}",
        citation="Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976",
        phases=[self_administration_phase(sessions=training_sessions),
                extinction_phase(sessions=extinction_sessions),
                extinction_phase(name="test", sessions=1, gap_before=test_delay)],
    )


def _reinstatement(kind: str, magnitude: float, training_sessions: int, extinction_sessions: int,
                   citation: str) -> Protocol:
    test = extinction_phase(
        name="test", sessions=1, cue=(kind == "cue"),
        interventions=[] if kind == "cue" else [Intervention(kind=kind, magnitude=magnitude)],
    )
    return Protocol(
        name=f"reinstatement_{kind}",
        description=f"self-administration, extinction, {kind}-induced reinstatement test",
        citation=citation,
        phases=[self_administration_phase(sessions=training_sessions),
                extinction_phase(sessions=extinction_sessions), test],
    )


@paradigm("reinstatement_prime")
def reinstatement_prime(dose: float = 0.25, training_sessions: int = 10,
                        extinction_sessions: int = 6) -> Protocol:
    """Drug-primed reinstatement: a non-contingent drug injection before the test.

    Source: de Wit & Stewart 1981, Psychopharmacology 75:134
    """
    return _reinstatement("prime", dose, training_sessions, extinction_sessions,
                          "de Wit & Stewart 1981, Psychopharmacology 75:134")


@paradigm("reinstatement_cue")
def reinstatement_cue(training_sessions: int = 10, extinction_sessions: int = 6) -> Protocol:
    """Cue-induced reinstatement: presses on the former drug lever bring back the infusion cue.

    Source: Meil & See 1996, Behav Pharmacol 7:754; Shaham et al. 2003
    """
    return _reinstatement("cue", 0.0, training_sessions, extinction_sessions,
                          "Meil & See 1996, Behav Pharmacol 7:754")


@paradigm("reinstatement_stress")
def reinstatement_stress(intensity: float = 0.5, training_sessions: int = 10,
                         extinction_sessions: int = 6) -> Protocol:
    """Stress-induced reinstatement: intermittent footshock before the test.

    Source: Shaham & Stewart 1995, Psychopharmacology 119:334; Ahmed & Koob 1997
    """
    return _reinstatement("stress", intensity, training_sessions, extinction_sessions,
                          "Shaham & Stewart 1995, Psychopharmacology 119:334")


@paradigm("sweet_vs_cocaine_choice")
def sweet_vs_cocaine_choice(days: int = 8, dose: float = 0.25, sweet: float = 1.0,
                            sampling_trials: int = 2, choice_trials: int = 10,
                            drug_delay: str = "0 s", alternative_delay: str = "0 s",
                            alternative_available: bool = True) -> Protocol:
    """Discrete-trial choice between cocaine and saccharin-sweetened water.

    Each day: sampling trials with only the drug lever, then only the sweet lever, then choice
    trials with both; trials 10 min apart. ``drug_delay``/``alternative_delay`` delay either
    outcome (Woolverton & Anderson 2006); ``alternative_available=False`` removes the sweet lever
    (the drug is then the only option).

    Source: Lenoir et al. 2007, PLoS ONE 2:e698
    """
    for field, value in (("dose", dose), ("sweet", sweet)):
        if value < 0:
            raise RemissionError(f"phase 'day1_choice': {field} = {value!r} is invalid; doses and "
                                 f"reward magnitudes must be >= 0")
    phases = []
    for day in range(1, days + 1):
        common = dict(trials=sampling_trials, trial_interval="10 min", context="A")
        drug = Option(name="drug", outcome=Outcome(drug=dose, delay=drug_delay))
        sugar = Option(name="alternative", outcome=Outcome(reward=sweet, delay=alternative_delay))
        first_gap = "1 day" if day > 1 else "0 min"
        phases.append(Phase(name=f"day{day}_sample_drug", options=[drug], **common,
                            gap_before=first_gap))
        if alternative_available:
            phases.append(Phase(name=f"day{day}_sample_sweet", options=[sugar], gap_before="10 min",
                                **common))
        phases.append(Phase(name=f"day{day}_choice",
                            options=[drug, sugar] if alternative_available else [drug],
                            trials=choice_trials, trial_interval="10 min", gap_before="10 min"))
    return Protocol(
        name="sweet_vs_cocaine_choice",
        description=f"{days} days of sampling then choice, cocaine {dose} vs saccharin {sweet}",
        citation="Lenoir et al. 2007, PLoS ONE 2:e698",
        phases=phases,
    )


@paradigm("punished_self_administration")
def punished_self_administration(shock_probability: float = 0.5, intensity: float = 0.5,
                                 training_sessions: int = 10, punished_sessions: int = 5) -> Protocol:
    """Self-administration, then sessions where drug-lever presses are punished by footshock.

    Source: Pelloux et al. 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004
    """
    punished = Phase(
        name="punishment", sessions=punished_sessions, session_length="1 h", bin="10 s",
        options=[drug_lever(shock_probability=shock_probability, shock_intensity=intensity),
                 INACTIVE],
    )
    return Protocol(
        name="punished_self_administration",
        description=f"self-administration then punishment (p = {shock_probability}, {intensity} mA)",
        citation="Pelloux et al. 2007, Psychopharmacology 194:127",
        phases=[self_administration_phase(sessions=training_sessions), punished],
    )
