"""Building blocks of the paradigms: levers, phases and the checks their factories share.

Every paradigm of the library (:mod:`remission.protocols.library`) is assembled from these, so a
self-administration phase, an extinction session or a cue test means the same thing everywhere.
"""

from __future__ import annotations

from remission.errors import RemissionError
from remission.protocols.schema import (
    Duration,
    Intervention,
    Option,
    Outcome,
    PavlovianTrial,
    Phase,
    Schedule,
)

DRUG_CUE = "drug_cue"
"""The light/tone cue paired with each infusion; cue-induced seeking tests present it."""

TONE = "tone"
"""The CS of the Pavlovian designs."""

INACTIVE = Option(name="inactive")
"""The inactive lever: presses count, nothing follows (a control for general activity)."""


def check(where: str, field: str, value, ok: bool, valid: str) -> None:
    """Refuse a factory argument, naming the phase, the field, the value and what is valid."""
    if not ok:
        raise RemissionError(f"phase {where!r}: {field} = {value!r} is invalid; {valid}")


def check_magnitude(where: str, field: str, value: float) -> None:
    check(where, field, value, value >= 0, "doses and magnitudes must be >= 0")


def check_probability(where: str, field: str, value: float) -> None:
    check(where, field, value, 0.0 <= value <= 1.0, "a probability lies in [0, 1]")


def drug_lever(dose: float = 0.25, timeout: str = "20 s", ratio: int = 1, cue: str | None = DRUG_CUE,
               **outcome) -> Option:
    """Drug lever: FR ``ratio``, each infusion followed by a time-out and the paired cue."""
    return Option(
        name="drug",
        schedule=Schedule(kind="FR", ratio=ratio, timeout=Duration.model_validate(timeout)),
        outcome=Outcome(drug=dose, cue=cue, **outcome),
    )


def food_lever(reward: float, cue: str | None = None) -> Option:
    """The alternative lever earning food: FR1, each pellet (``reward``) followed by a 20 s
    time-out (and the cue ``cue``, if any)."""
    return Option(name="alternative", schedule=Schedule(ratio=1, timeout=Duration.model_validate("20 s")),
                  outcome=Outcome(reward=reward, cue=cue))


def extinction_lever(cue: bool = False) -> Option:
    """The drug lever under extinction: presses bring no drug (and the cue only if ``cue``)."""
    return Option(name="drug", outcome=Outcome(cue=DRUG_CUE if cue else None))


def self_administration_phase(name="self_administration", context="A", sessions=10, access="1 h",
                              dose=0.25, bin="10 s", substance="cocaine", **kw) -> Phase:
    """Daily sessions of FR1 drug self-administration (cue-paired infusions, 20 s time-out)."""
    return Phase(name=name, context=context, sessions=sessions, session_length=access, bin=bin,
                 options=[drug_lever(dose, substance=substance), INACTIVE], **kw)


def extinction_phase(name="extinction", context="A", sessions=6, length="1 h", bin="10 s",
                     gap_before="1 day", cue=False, **kw) -> Phase:
    """Sessions in which drug-lever presses bring nothing (or only the infusion cue, ``cue``)."""
    return Phase(name=name, context=context, sessions=sessions, session_length=length, bin=bin,
                 gap_before=gap_before, options=[extinction_lever(cue), INACTIVE], **kw)


TRIGGERS = ("none", "prime", "cue", "stress")
"""What precedes a relapse test: nothing, a non-contingent drug prime, the response-contingent
drug cue, or a stressor (footshock)."""


def test_phase(trigger: str = "cue", context: str = "A", gap: str = "1 day", magnitude: float = 1.0,
               length: str = "1 h", bin: str = "10 s", name: str = "test", interventions=()) -> Phase:
    """A seeking test under extinction conditions after ``gap``, preceded by ``trigger``
    (:data:`TRIGGERS`; ``magnitude`` is the prime dose or the stressor's intensity)."""
    check(name, "trigger", trigger, trigger in TRIGGERS, f"valid: {', '.join(TRIGGERS)}")
    ivs = list(interventions)
    if trigger in ("prime", "stress"):
        ivs.append(Intervention(kind=trigger, magnitude=magnitude))
    return extinction_phase(name=name, sessions=1, context=context, length=length, bin=bin,
                            gap_before=gap, cue=(trigger == "cue"), interventions=ivs)


def idle_phase(name: str, sessions: int, bin: str = "10 s", gap: str = "1 day") -> Phase:
    """Sessions in the box with only the inactive lever: time passes, the drug lever is absent."""
    return Phase(name=name, sessions=sessions, session_length="1 h", bin=bin, gap_before=gap,
                 options=[INACTIVE])


def choice_phase(name: str, days: int, trials: int, alternative: float, dose: float = 0.25,
                 gap: str = "1 day", delay: str = "0 s", timeout: str = "20 s",
                 cue: str | None = DRUG_CUE, interventions=()) -> Phase:
    """Daily discrete-trial choice sessions between the drug and a non-drug reward, 10 min apart."""
    lever = drug_lever(dose, timeout=timeout, cue=cue)
    drug = Option(name="drug", schedule=lever.schedule,
                  outcome=Outcome(drug=dose, cue=cue, delay=delay))
    alt = Option(name="alternative", outcome=Outcome(reward=alternative))
    return Phase(name=name, sessions=days, trials=trials, trial_interval="10 min", gap_before=gap,
                 options=[drug, alt], interventions=list(interventions))


def pavlovian_phase(name: str, context: str, sessions: int, trials: int, us: float,
                    gap: str = "1 day", cs: str = TONE, interventions=()) -> Phase:
    """``sessions`` sessions of ``trials`` presentations of ``cs``, each followed by a US of ``us``."""
    return Phase(name=name, context=context, sessions=sessions, gap_before=gap,
                 pavlovian=[PavlovianTrial(cs=[cs], us=us, count=trials)],
                 interventions=list(interventions))
