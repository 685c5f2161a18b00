"""Shared experimental skeletons for the phenomena, built from the protocol schema.

Budget: the engine compiles once per (model, number of cues and contexts, step bucket), so the
phenomena reuse a few skeletons with 60 s bins (a press every bin at most; the 20 s time-out
after each infusion fits inside a bin):

* ``SA_SESSIONS`` 1 h self-administration sessions + one 1 h test (incubation, depotentiation,
  forced abstinence);
* ``SHORT_SA`` sessions + ``EXTINCTION`` sessions + one test (reinstatement, enrichment, extinction
  of priming), the same number of steps;
* Pavlovian acquisition (10 × 10 trials), extinction (6 × 10) and a 4-trial test (renewal,
  spontaneous recovery, retrieval–extinction), and 12 days of discrete-trial choice (sweet choice,
  choice with delay): the same step bucket.
"""

from __future__ import annotations

from remission.protocols.registry import (
    INACTIVE,
    drug_lever,
    extinction_phase,
    self_administration_phase,
)
from remission.protocols.schema import (
    Intervention,
    Option,
    Outcome,
    PavlovianTrial,
    Phase,
    Protocol,
)

BIN = "60 s"
SA_SESSIONS = 10
SHORT_SA = 8
EXTINCTION = 3
DOSE = 0.25


def sa(name: str = "self_administration", sessions: int = SA_SESSIONS, context: str = "A",
       access: str = "1 h", dose: float = DOSE, **kw) -> Phase:
    """FR1 self-administration with the infusion cue (Ahmed & Koob 1998), 60 s bins."""
    return self_administration_phase(name=name, context=context, sessions=sessions, access=access,
                                     dose=dose, bin=BIN, **kw)


def extinction(name: str = "extinction", sessions: int = EXTINCTION, context: str = "A",
               gap: str = "1 day", cue: bool = False, interventions=(), **kw) -> Phase:
    """Presses on the former drug lever bring nothing (or only the cue, ``cue=True``)."""
    return extinction_phase(name=name, context=context, sessions=sessions, length="1 h", bin=BIN,
                            gap_before=gap, cue=cue, interventions=list(interventions), **kw)


def test(kind: str = "cue", context: str = "A", gap: str = "1 day", magnitude: float = 1.0,
         interventions=()) -> Phase:
    """A 1 h seeking test under extinction: ``cue`` (presses bring the infusion cue), ``prime``
    (non-contingent drug before the test), ``stress`` (footshock before the test) or ``none``."""
    ivs = list(interventions)
    if kind in ("prime", "stress"):
        ivs.append(Intervention(kind=kind, magnitude=magnitude))
    return extinction("test", sessions=1, context=context, gap=gap, cue=(kind == "cue"),
                      interventions=ivs)


def idle(name: str, sessions: int, gap: str = "1 day") -> Phase:
    """Sessions in the box with only the inactive lever: time passes, the drug lever is absent."""
    return Phase(name=name, sessions=sessions, session_length="1 h", bin=BIN, gap_before=gap,
                 options=[INACTIVE])


def sa_then_test(name: str, gap: str, kind: str = "cue", interventions=(),
                 sessions: int = SA_SESSIONS) -> Protocol:
    """Self-administration, forced abstinence of ``gap``, then one seeking test."""
    return Protocol(name=name, description=f"SA, {gap} abstinence, {kind} test",
                    phases=[sa(sessions=sessions),
                            test(kind, gap=gap, interventions=interventions)])


def choice_phase(name: str, days: int, trials: int, alternative: float, dose: float = DOSE,
                 gap: str = "1 day", delay: str = "0 s", cue: bool = True) -> Phase:
    """Daily discrete-trial choice sessions: drug versus a non-drug reward, trials 10 min apart."""
    drug = drug_lever(dose, cue="drug_cue" if cue else None)
    drug = Option(name="drug", schedule=drug.schedule,
                  outcome=Outcome(drug=dose, cue=drug.outcome.cue, delay=delay))
    alt = Option(name="alternative", outcome=Outcome(reward=alternative))
    return Phase(name=name, sessions=days, trials=trials, trial_interval="10 min", gap_before=gap,
                 options=[drug, alt])


CHOICE_DAYS = 12


def choice_protocol(days: int = CHOICE_DAYS, dose: float = DOSE, alternative: float = 1.0,
                    delay: str = "0 s", history: tuple[Phase, ...] = ()) -> Protocol:
    """Discrete-trial choice after Lenoir et al. (2007), PLoS ONE 2:e698: each day 2 sampling
    trials of the drug lever (infusion + cue), 2 of the alternative lever, then 10 choice trials,
    all 10 min apart; ``days`` days, after the optional ``history`` phases."""
    drug = Option(name="drug", outcome=Outcome(drug=dose, cue="drug_cue", delay=delay))
    alt = Option(name="alternative", outcome=Outcome(reward=alternative))
    phases = list(history)
    for day in range(1, days + 1):
        common = dict(trials=2, trial_interval="10 min")
        first_gap = "1 day" if (day > 1 or history) else "0 min"
        phases += [
            Phase(name=f"day{day}_sample_drug", options=[drug], gap_before=first_gap, **common),
            Phase(name=f"day{day}_sample_alternative", options=[alt], gap_before="10 min", **common),
            Phase(name=f"day{day}_choice", options=[drug, alt], trials=10, trial_interval="10 min",
                  gap_before="10 min"),
        ]
    return Protocol(name="choice", description=f"{days} days of sampling then drug-vs-alternative "
                    f"choice (dose {dose}, alternative {alternative}, drug delay {delay})",
                    citation="Lenoir et al. 2007, PLoS ONE 2:e698", phases=phases)


def pavlovian(design: str, test_gap: str = "1 day", acquisition: int = 10, extinction_days: int = 6,
              test_trials: int = 4) -> Protocol:
    """CS–US acquisition in context ``design[0]``, extinction in ``design[1]``, test in
    ``design[2]`` after ``test_gap`` (Bouton 2002; Harris et al. 2000): 10 trials a session."""
    acq, ext, tst = design
    tone = ["tone"]
    return Protocol(
        name=f"pavlovian_{design}",
        description=f"Pavlovian {design}: acquisition, extinction, test after {test_gap}",
        phases=[
            Phase(name="acquisition", context=acq, sessions=acquisition,
                  pavlovian=[PavlovianTrial(cs=tone, us=1.0, count=10)]),
            Phase(name="extinction", context=ext, sessions=extinction_days,
                  pavlovian=[PavlovianTrial(cs=tone, us=0.0, count=10)]),
            Phase(name="test", context=tst, gap_before=test_gap,
                  pavlovian=[PavlovianTrial(cs=tone, us=0.0, count=test_trials)]),
        ],
    )
