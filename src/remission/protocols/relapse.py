"""Self-administration, extinction and the relapse paradigms built on it: renewal, spontaneous
recovery, reinstatement, punishment and the extinction of priming.

Operant designs are free-operant sessions in time bins (``bin``); with ``pavlovian=True`` the
renewal and recovery designs are tone–US pairings instead (10 trials a session).
"""

from __future__ import annotations

from remission.errors import RemissionError
from remission.protocols.blocks import (
    INACTIVE,
    TRIGGERS,
    check,
    drug_lever,
    extinction_lever,
    extinction_phase,
    food_lever,
    idle_phase,
    pavlovian_phase,
    self_administration_phase,
    test_phase,
)
from remission.protocols.library import paradigm
from remission.protocols.schema import Intervention, Option, Phase, Protocol

ACCESS = {"short": "1 h", "long": "6 h"}


@paradigm("self_administration")
def self_administration(access: str = "short", sessions: int = 10, dose: float = 0.25,
                        bin: str = "10 s") -> Protocol:
    """Intravenous drug self-administration, short (1 h) or long (6 h) daily access.

    FR1 on the drug lever, each infusion followed by a 20 s time-out signalled by the cue light;
    an inactive lever controls for general activity.

    Source: Ahmed & Koob 1998, Science 282:298
    """
    check("self_administration", "access", access, access in ACCESS, "valid: 'short' (1 h) or 'long' (6 h)")
    return Protocol(
        name="self_administration",
        description=f"{access}-access self-administration, {sessions} daily sessions",
        citation="Ahmed & Koob 1998, Science 282:298",
        phases=[self_administration_phase(sessions=sessions, access=ACCESS[access], dose=dose,
                                          bin=bin)],
    )


@paradigm("extinction")
def extinction(training_sessions: int = 10, extinction_sessions: int = 6, bin: str = "10 s") -> Protocol:
    """Self-administration followed by extinction: lever presses no longer bring drug or cue.

    Source: Shaham et al. 2003, Psychopharmacology 168:3 (reinstatement model review)
    """
    return Protocol(
        name="extinction",
        description="self-administration then operant extinction in the same context",
        citation="Shaham et al. 2003, Psychopharmacology 168:3",
        phases=[self_administration_phase(sessions=training_sessions, bin=bin),
                extinction_phase(sessions=extinction_sessions, bin=bin)],
    )


def acquisition_extinction_test(contexts: str, pavlovian: bool, training_sessions: int,
                                extinction_sessions: int, test_gap: str, bin: str,
                                test_trials: int = 4) -> list[Phase]:
    """Acquisition in ``contexts[0]``, extinction in ``contexts[1]``, a test in ``contexts[2]``
    after ``test_gap``: operant (self-administration, extinction sessions, a 1 h test) or
    Pavlovian (10 tone–US pairings a session, 10 tone-alone trials a session, ``test_trials``)."""
    acq, ext, tst = contexts
    if pavlovian:
        return [pavlovian_phase("acquisition", acq, training_sessions, 10, us=1.0),
                pavlovian_phase("extinction", ext, extinction_sessions, 10, us=0.0),
                pavlovian_phase("test", tst, 1, test_trials, us=0.0, gap=test_gap)]
    return [self_administration_phase(context=acq, sessions=training_sessions, bin=bin),
            extinction_phase(context=ext, sessions=extinction_sessions, bin=bin),
            extinction_phase(name="test", context=tst, sessions=1, gap_before=test_gap, bin=bin)]


def _register_renewal(design: str, note: str) -> None:
    def make(pavlovian: bool = False, training_sessions: int = 10, extinction_sessions: int = 6,
             test_gap: str = "1 day", bin: str = "10 s") -> Protocol:
        acq, ext, test = design
        return Protocol(
            name=f"renewal_{design.lower()}",
            description=f"{design} renewal: acquisition in {acq}, extinction in {ext}, test in {test}",
            citation="Crombag & Shaham 2002, Behav Neurosci 116:169; Bouton et al. 2011",
            phases=acquisition_extinction_test(design, pavlovian, training_sessions,
                                               extinction_sessions, test_gap, bin),
        )

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
                         extinction_sessions: int = 6, pavlovian: bool = False,
                         bin: str = "10 s") -> Protocol:
    """Extinguished seeking returns with the passage of time (test after ``test_delay``).

    Compare ``test_delay="10 min"`` (immediate) with days to weeks (delayed).

    Source: Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976
    """
    return Protocol(
        name="spontaneous_recovery",
        description=f"acquisition, extinction, test after {test_delay}",
        citation="Rescorla 2004, Learn Mem 11:501; Bouton 2002, Biol Psychiatry 52:976",
        phases=acquisition_extinction_test("AAA", pavlovian, training_sessions,
                                           extinction_sessions, test_delay, bin),
    )


@paradigm("reacquisition")
def reacquisition(pretrained: bool = True, training_sessions: int = 10,
                  extinction_sessions: int = 6, trials: int = 3, gap: str = "1 day") -> Protocol:
    """Reacquisition after extinction: tone–US pairings again, ``gap`` after extinction.

    ``pretrained=True``: acquisition (``training_sessions`` × 10 pairings) and extinction
    (``extinction_sessions`` × 10 tones) in context A; then, ``gap`` later, one tone alone (the
    ``test`` of where responding starts) and a minute after it ``trials`` pairings
    (``reacquisition``). ``pretrained=False``: the same test and pairings for naïve subjects (the
    first acquisition they are compared with). Reacquisition after extinction is faster than the
    first acquisition: extinction leaves the original learning in place.

    Source: Napier, Macrae & Kehoe 1992, J Exp Psychol Anim Behav Process 18:182; Ricker & Bouton
    1996, Anim Learn Behav 24:423; Bouton 2004, Learn Mem 11:485
    """
    check("reacquisition", "trials", trials, trials >= 2, "at least 2 pairings (the first CR "
          "is read before any US)")
    again = [pavlovian_phase("test", "A", 1, 1, us=0.0, gap=gap),
             pavlovian_phase("reacquisition", "A", 1, trials, us=1.0, gap="1 min")]
    first = [pavlovian_phase("acquisition", "A", training_sessions, 10, us=1.0),
             pavlovian_phase("extinction", "A", extinction_sessions, 10, us=0.0)]
    return Protocol(
        name="reacquisition",
        description=("acquisition, extinction, then reacquisition" if pretrained
                     else "first acquisition (naive control)"),
        citation="Napier, Macrae & Kehoe 1992; Ricker & Bouton 1996; Bouton 2004",
        phases=(first if pretrained else []) + again,
    )


@paradigm("resurgence")
def resurgence(alternative: float = 1.0, training_sessions: int = 10,
               alternative_sessions: int = 5, dose: float = 0.25, bin: str = "10 s") -> Protocol:
    """Resurgence: extinguished drug seeking returns when an alternative reinforcer is withdrawn.

    Phase 1, drug self-administration (FR1); phase 2, the drug lever is under extinction while a
    second lever earns a food reward ``alternative`` (FR1, 20 s time-out; ``alternative=0`` is the
    control, plain extinction with the second lever present); test, both levers under extinction.

    Source: Winterbauer & Bouton 2010, J Exp Psychol Anim Behav Process 36:343; Podlesnik,
    Jimenez-Gomez & Shahan 2006, Behav Pharmacol 17:369; Quick et al. 2011,
    Neuropsychopharmacology 36:1015
    """
    check("alternative", "alternative", alternative, alternative >= 0,
          "the alternative reward is >= 0 (0: the extinction control)")
    food = food_lever(alternative)
    ext = dict(session_length="1 h", bin=bin)
    return Protocol(
        name="resurgence",
        description=f"drug self-administration, extinction with an alternative reward of "
                    f"{alternative:g}, then the alternative withdrawn",
        citation="Winterbauer & Bouton 2010; Podlesnik et al. 2006; Quick et al. 2011",
        phases=[self_administration_phase(sessions=training_sessions, dose=dose, bin=bin),
                Phase(name="alternative", sessions=alternative_sessions,
                      options=[extinction_lever(), food, INACTIVE], **ext),
                Phase(name="test", sessions=1,
                      options=[extinction_lever(), Option(name="alternative"), INACTIVE], **ext)],
    )


TEST_MAGNITUDE = {"none": 0.0, "prime": 0.25, "cue": 0.0, "stress": 0.5}
"""Default trigger magnitudes: a 0.25 prime (one training dose) or a 0.5 mA stressor."""


@paradigm("reinstatement")
def reinstatement(trigger: str = "prime", reinforcer: str = "drug", magnitude: float | None = None,
                  training_sessions: int = 10, extinction_sessions: int = 6, bin: str = "10 s",
                  food: float = 0.25) -> Protocol:
    """Reinstatement of extinguished seeking by a ``trigger``: a non-contingent drug ``prime``
    (de Wit & Stewart 1981), the response-contingent drug ``cue`` (Meil & See 1996), a footshock
    ``stress`` (Shaham & Stewart 1995), or ``none`` (the extinction baseline).

    ``reinforcer="food"`` trains a food lever instead (pellet ``food``, cue-paired, 20 s time-out;
    the alternative lever), the control showing that stress reinstates drug but not food seeking
    (Ahmed & Koob 1997). ``magnitude``: prime dose or stressor intensity (default
    :data:`TEST_MAGNITUDE`).

    Source: de Wit & Stewart 1981, Psychopharmacology 75:134; Shaham & Stewart 1995,
    Psychopharmacology 119:334; Ahmed & Koob 1997, Psychopharmacology 132:289
    """
    check("test", "trigger", trigger, trigger in TRIGGERS, f"valid: {', '.join(TRIGGERS)}")
    check("self_administration", "reinforcer", reinforcer, reinforcer in ("drug", "food"),
          "valid: 'drug' or 'food'")
    magnitude = TEST_MAGNITUDE[trigger] if magnitude is None else magnitude
    if reinforcer == "drug":
        phases = [self_administration_phase(sessions=training_sessions, bin=bin),
                  extinction_phase(sessions=extinction_sessions, bin=bin),
                  test_phase(trigger, magnitude=magnitude, bin=bin)]
    else:
        if trigger in ("prime", "cue"):
            raise RemissionError(f"phase 'test': trigger = {trigger!r} is invalid for food "
                                 "seeking; valid: 'none' or 'stress'")
        lever = food_lever(food, cue="food_cue")
        ext = dict(session_length="1 h", bin=bin, options=[Option(name="alternative"), INACTIVE])
        ivs = [Intervention(kind="stress", magnitude=magnitude)] if trigger == "stress" else []
        phases = [Phase(name="self_administration", sessions=training_sessions, session_length="1 h",
                        bin=bin, options=[lever, INACTIVE]),
                  Phase(name="extinction", sessions=extinction_sessions, **ext),
                  Phase(name="test", interventions=ivs, **ext)]
    return Protocol(
        name="reinstatement",
        description=f"{reinforcer} self-administration, extinction, {trigger} reinstatement test",
        citation="de Wit & Stewart 1981; Shaham & Stewart 1995; Ahmed & Koob 1997",
        phases=phases,
    )


@paradigm("punished_self_administration")
def punished_self_administration(shock_probability: float = 0.5, intensity: float = 0.5,
                                 training_sessions: int = 10, punished_sessions: int = 5,
                                 bin: str = "10 s") -> Protocol:
    """Self-administration, then sessions where drug-lever presses are punished by footshock.

    Source: Pelloux et al. 2007, Psychopharmacology 194:127; Vanderschuren & Everitt 2004
    """
    punished = Phase(
        name="punishment", sessions=punished_sessions, session_length="1 h", bin=bin,
        options=[drug_lever(shock_probability=shock_probability, shock_intensity=intensity),
                 INACTIVE],
    )
    return Protocol(
        name="punished_self_administration",
        description=f"self-administration then punishment (p = {shock_probability}, {intensity} mA)",
        citation="Pelloux et al. 2007, Psychopharmacology 194:127",
        phases=[self_administration_phase(sessions=training_sessions, bin=bin), punished],
    )


@paradigm("punishment_imposed_abstinence")
def punishment_imposed_abstinence(test_context: str = "A", test_gap: str = "2 days",
                                  training_sessions: int = 10, punished_sessions: int = 3,
                                  shock_probability: float = 0.5, intensity: float = 0.5,
                                  bin: str = "10 s") -> Protocol:
    """Self-administration in context A, punishment-imposed abstinence in context B (each
    infusion followed by footshock with ``shock_probability``), then a cue test in
    ``test_context`` after ``test_gap`` (relapse in A, not in B; incubation after punishment).

    Source: Marchant et al. 2013, Biol Psychiatry 73:256; Krasnova et al. 2014, NPP 39:2008
    """
    punished = Phase(name="punishment", context="B", sessions=punished_sessions, session_length="1 h",
                     bin=bin, options=[drug_lever(shock_probability=shock_probability,
                                                  shock_intensity=intensity), INACTIVE])
    return Protocol(
        name="punishment_imposed_abstinence",
        description=f"SA in A, punishment in B, cue test in {test_context} after {test_gap}",
        citation="Marchant et al. 2013, Biol Psychiatry 73:256",
        phases=[self_administration_phase(sessions=training_sessions, bin=bin), punished,
                test_phase("cue", context=test_context, gap=test_gap, bin=bin)],
    )


@paradigm("extinction_of_priming")
def extinction_of_priming(primed: bool = True, sessions: int = 3, dose: float = 0.25,
                          training_sessions: int = 10, bin: str = "10 s") -> Protocol:
    """Self-administration, then ``sessions`` extinction sessions each opened by a non-contingent
    drug prime (``primed``; the control spends the same days in the box with only the inactive
    lever), then one session with the drug available again (``re-access``).

    Source: Girardeau et al. 2019, Neuropharmacology
    """
    if primed:
        middle = [extinction_phase(f"primed extinction {i}", sessions=1, bin=bin,
                                   interventions=[Intervention(kind="prime", magnitude=dose)])
                  for i in range(1, sessions + 1)]
    else:
        middle = [idle_phase("idle", sessions, bin=bin)]
    return Protocol(
        name="extinction_of_priming",
        description=f"SA, {'priming extinction' if primed else 'idle sessions'}, drug back",
        citation="Girardeau et al. 2019, Neuropharmacology",
        phases=[self_administration_phase(sessions=training_sessions, bin=bin), *middle,
                self_administration_phase("re-access", sessions=1, bin=bin)],
    )
