"""Addiction paradigms: escalation, punishment, abstinence and incubation, social choice,
enrichment, depotentiation, the addiction-criteria battery, and a life course.

Every factory returns a :class:`Protocol`; times between sessions are real time (days, months), so
models with time-dependent retrieval see the abstinence they would see in the laboratory. Inputs a
factory cannot honour are refused with a :class:`~remission.errors.RemissionError` naming the phase
and the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from remission.protocols.blocks import (
    DRUG_CUE,
    INACTIVE,
    check,
    check_magnitude,
    check_probability,
    drug_lever,
    extinction_lever,
    extinction_phase,
    self_administration_phase,
    test_phase,
)
from remission.protocols.library import paradigm
from remission.protocols.relapse import ACCESS, TEST_MAGNITUDE
from remission.protocols.schema import Intervention, Option, Outcome, Phase, Protocol, Schedule


def abstinence_phases(test_days: Sequence[float], mode: str, alternative: float, choice_trials: int,
                      bin: str, trigger: str = "cue", magnitude: float | None = None,
                      choice_days: int | None = None, alternative_kind: str = "food") -> list[Phase]:
    """Abstinence from the last training session, with seeking tests on the given days.

    ``mode="forced"``: home cage; ``"choice"``: daily discrete-trial choice between drug and the
    alternative (voluntary abstinence, Venniro et al. 2018; Caprioli et al. 2015) on abstinence
    days 1..``choice_days`` (default: every day before a test) except test days. Tests
    (``trigger``, see :func:`~remission.protocols.blocks.test_phase`) are named
    ``<trigger>_test_day<d>``.
    """
    check("abstinence", "mode", mode, mode in ("forced", "choice"), "valid: 'forced' or 'choice'")
    days = [float(d) for d in test_days]
    check("abstinence", "test_days", list(test_days), len(days) > 0, "give at least one test day")
    check("abstinence", "test_days", list(test_days), all(d >= 1 for d in days),
          "test days count from the first abstinence day (day 1); day < 1 is before abstinence starts")
    check("abstinence", "test_days", list(test_days), days == sorted(set(days)),
          "test days must be increasing and distinct")
    check_magnitude("abstinence", "alternative", alternative)
    magnitude = TEST_MAGNITUDE.get(trigger, 0.0) if magnitude is None else magnitude
    last_choice = float("inf") if choice_days is None else float(choice_days)
    phases, last = [], 0.0
    for day in days:
        n = int(min(day - 1, last_choice) - last) if mode == "choice" else 0
        if n > 0:
            phases.append(Phase(
                name=f"choice_before_day{day:g}", sessions=n, trials=choice_trials,
                trial_interval="10 min", gap_before="1 day",
                options=[drug_lever(dose=0.25, timeout="0 s"),
                         Option(name="alternative", outcome=Outcome(reward=alternative,
                                                                    reward_kind=alternative_kind))]))
            last += n
        gap = f"{day - last:g} days"
        phases.append(test_phase(trigger, gap=gap, magnitude=magnitude, bin=bin,
                                 name=f"{trigger}_test_day{day:g}"))
        last = day
    return phases


@paradigm("incubation")
def incubation(training_sessions: int = 10, test_days: Sequence[float] = (1, 30), access: str = "long",
               abstinence: str = "forced", alternative: float = 1.0, alternative_kind: str = "food",
               choice_trials: int = 20, choice_days: int | None = None, trigger: str = "cue",
               magnitude: float | None = None, bin: str = "10 s") -> Protocol:
    """Self-administration, then forced or voluntary (choice) abstinence, seeking tests on
    ``test_days`` (``trigger``: ``cue`` tests, where presses bring back the infusion cue, or
    ``prime`` tests after a non-contingent dose ``magnitude``).

    Use one test day per group for the between-subject curve of Grimm et al. (1, 2, 4, 7, 15, 29,
    60 days); two days for the within-subject design of Caprioli/Venniro (1 and 21).
    ``choice_days`` limits voluntary abstinence to its first days (Caprioli et al.: 19);
    ``alternative_kind`` is what the alternative is (``food``: palatable pellets, Caprioli et al.
    2015; ``social``: a peer, Venniro et al. 2018).

    Source: Grimm et al. 2001, Nature 412:141; Caprioli et al. 2015, Biol Psychiatry 78:463
    """
    check("self_administration", "access", access, access in ACCESS, "valid: 'short' or 'long'")
    phases = [self_administration_phase(sessions=training_sessions, access=ACCESS[access], bin=bin)]
    phases += abstinence_phases(test_days, abstinence, alternative, choice_trials, bin, trigger,
                                magnitude, choice_days, alternative_kind)
    return Protocol(name="incubation",
                    description=f"{abstinence} abstinence, {trigger} tests on days {list(test_days)}",
                    citation="Grimm et al. 2001, Nature 412:141", phases=phases)


@paradigm("social_choice")
def social_choice(training_days: int = 12, choice_days: int = 6, social: float = 2.0,
                  abstinence: str = "choice", test_days: Sequence[float] = (1, 21),
                  choice_trials: int = 20, bin: str = "10 s") -> Protocol:
    """Drug vs access to a peer; then voluntary (social-choice) or forced abstinence and cue tests.

    Rats self-administer, then choose between the drug and 90 s of social interaction on discrete
    trials; abstinence is either choice-based (``abstinence="choice"``) or forced, with
    cue-induced seeking tests on ``test_days`` (days from the last training session).

    Source: Venniro et al. 2018, Nat Neurosci 21:1520
    """
    check_magnitude("choice", "social", social)
    drug = drug_lever(dose=0.25, timeout="0 s")
    peer = Option(name="alternative", outcome=Outcome(reward=social, reward_kind="social"))
    phases = [self_administration_phase(sessions=training_days, access="1 h", bin=bin),
              Phase(name="choice", sessions=choice_days, trials=choice_trials,
                    trial_interval="10 min", options=[drug, peer])]
    phases += abstinence_phases(test_days, abstinence, social, choice_trials, bin,
                                alternative_kind="social")
    return Protocol(name="social_choice", description=f"drug vs social reward, {abstinence} abstinence",
                    citation="Venniro et al. 2018, Nat Neurosci 21:1520", phases=phases)


@paradigm("punishment_ramp")
def punishment_ramp(training_sessions: int = 10, punished_sessions: int = 3, probability: float = 1.0,
                    intensity_start: float = 0.0, intensity_end: float = 0.6, length: str = "1 h",
                    bin: str = "10 s") -> Protocol:
    """Self-administration, then sessions in which footshock intensity ramps up across each session.

    Source: Durand et al. 2022, Neuropsychopharmacology (punishment ramp); Pelloux et al. 2007
    """
    for field, v in (("intensity_start", intensity_start), ("intensity_end", intensity_end)):
        check_magnitude("punishment", field, v)
    check_probability("punishment", "probability", probability)
    punished = Phase(name="punishment", sessions=punished_sessions, session_length=length, bin=bin,
                     options=[drug_lever(shock_probability=probability, shock_intensity=intensity_start,
                                         shock_intensity_end=intensity_end), INACTIVE])
    return Protocol(name="punishment_ramp",
                    description=f"punishment ramp {intensity_start}→{intensity_end} mA, p = {probability}",
                    citation="Durand et al. 2022, Neuropsychopharmacology",
                    phases=[self_administration_phase(sessions=training_sessions, bin=bin), punished])


@paradigm("seeking_taking_chain")
def seeking_taking_chain(history: str = "moderate", probability: float = 0.5, intensity: float = 0.5,
                         seeking_ratio: int = 4, punished_sessions: int = 8, bin: str = "10 s") -> Protocol:
    """Seeking–taking chain with punishment of half of the seeking links, after a moderate (8
    sessions) or extended (60 sessions) cocaine history.

    The chain is represented by one drug option whose ratio requirement (``seeking_ratio``) stands
    for the seeking link; completing it brings the infusion and, with ``probability``, a footshock.

    Source: Pelloux, Everitt & Dickinson 2007, Psychopharmacology 194:127
    """
    sessions = {"moderate": 8, "extended": 60}
    check("training", "history", history, history in sessions, "valid: 'moderate' or 'extended'")
    check_probability("punishment", "probability", probability)
    check_magnitude("punishment", "intensity", intensity)
    chain = dict(ratio=seeking_ratio, timeout="2 min")
    training = Phase(name="training", sessions=sessions[history], session_length="1 h", bin=bin,
                     options=[drug_lever(**chain), INACTIVE])
    punished = Phase(name="punishment", sessions=punished_sessions, session_length="1 h", bin=bin,
                     options=[drug_lever(**chain, shock_probability=probability, shock_intensity=intensity),
                              INACTIVE])
    return Protocol(name="seeking_taking_chain", description=f"{history} history, punished chain",
                    citation="Pelloux et al. 2007, Psychopharmacology 194:127", phases=[training, punished])


@paradigm("escalation")
def escalation(access: str = "long", sessions: int = 22, dose: float = 0.25, abstinence: str = "0 days",
               retest_sessions: int = 0, baseline_sessions: int = 0, bin: str = "10 s") -> Protocol:
    """Short (1 h) or long (6 h) daily access, after ``baseline_sessions`` of short access (the
    baseline every rat has before the groups split, as in Ahmed & Koob 1998); optional abstinence
    then re-escalation sessions. Phases: ``baseline``, ``self_administration``,
    ``after_abstinence``. Read out first-hour intake per session.

    Source: Ahmed & Koob 1998, Science 282:298
    """
    check("self_administration", "access", access, access in ACCESS, "valid: 'short' or 'long'")
    check_magnitude("self_administration", "dose", dose)
    phases = [self_administration_phase(name="baseline", sessions=baseline_sessions, access="1 h",
                                        dose=dose, bin=bin)] if baseline_sessions > 0 else []
    phases.append(self_administration_phase(sessions=sessions, access=ACCESS[access], dose=dose,
                                            bin=bin))
    if retest_sessions > 0:
        phases.append(self_administration_phase(name="after_abstinence", sessions=retest_sessions,
                                                access=ACCESS[access], dose=dose, bin=bin,
                                                gap_before=abstinence))
    return Protocol(name="escalation", description=f"{access}-access escalation",
                    citation="Ahmed & Koob 1998, Science 282:298", phases=phases)


@paradigm("enrichment_abstinence")
def enrichment_abstinence(enrichment: float = 1.0, days: float = 30, test: str = "cue",
                          training_sessions: int = 10, extinction_sessions: int = 0,
                          bin: str = "10 s") -> Protocol:
    """Environmental enrichment (``enrichment`` = 0: standard housing) during ``days`` of
    abstinence, then (after ``extinction_sessions`` extinction sessions, if any) a cue-, stress- or
    drug-primed seeking test (``none``: the extinction baseline).

    Source: Chauvet et al. 2009, Neuropsychopharmacology 34:2767; Solinas et al. 2008, PNAS
    """
    check("test", "test", test, test in ("none", "cue", "stress", "prime"),
          "valid: 'none', 'cue', 'stress', 'prime'")
    check_magnitude("test", "enrichment", enrichment)
    check("test", "days", days, days >= 1, "abstinence lasts at least 1 day")
    housed = [Intervention(kind="enrichment", magnitude=enrichment)] if enrichment > 0 else []
    gap = f"{days:g} days"
    phases = [self_administration_phase(sessions=training_sessions, bin=bin)]
    if extinction_sessions > 0:
        phases += [extinction_phase(sessions=extinction_sessions, gap_before=gap, bin=bin,
                                    interventions=housed),
                   test_phase(test, magnitude=TEST_MAGNITUDE[test], bin=bin)]
    else:
        phases.append(test_phase(test, gap=gap, magnitude=TEST_MAGNITUDE[test], bin=bin,
                                 interventions=housed))
    return Protocol(name="enrichment_abstinence", description=f"enrichment {enrichment}, {test} test",
                    citation="Chauvet et al. 2009, Neuropsychopharmacology 34:2767", phases=phases)


@paradigm("depotentiation")
def depotentiation(magnitude: float = 1.0, gap: str = "30 days", training_sessions: int = 10,
                   bin: str = "10 s") -> Protocol:
    """Self-administration, ``gap`` of abstinence, then optogenetic depotentiation of the
    cortico-accumbal input (``magnitude`` = fraction of drug-evoked potentiation reversed; 0: sham)
    just before a cue test.

    Source: Pascoli et al. 2012, Nature 481:71; Pascoli et al. 2014, Nature 509:459
    """
    check("test", "magnitude", magnitude, 0.0 <= magnitude <= 1.0, "a fraction in [0, 1]")
    ivs = [Intervention(kind="depotentiation", magnitude=magnitude)] if magnitude > 0 else []
    return Protocol(name="depotentiation", description=f"SA, {gap} abstinence, depotentiation "
                    f"{magnitude:g}, cue test", citation="Pascoli et al. 2012, Nature 481:71",
                    phases=[self_administration_phase(sessions=training_sessions, bin=bin),
                            test_phase("cue", gap=gap, bin=bin, interventions=ivs)])


@paradigm("addiction_criteria")
def addiction_criteria(days: int = 40, access: str = "1 h", no_drug: str = "10 min",
                       pr_length: str = "1 h", pr_bin: str = "30 s", shock_intensity: float = 0.2,
                       bin: str = "10 s") -> Protocol:
    """Daily self-administration, each session followed by a period signalled as drug-free
    (context ``N``, presses bring nothing), then the three-criteria battery: a progressive-ratio
    session (breakpoint) and a session in which every infusion is followed by footshock.

    Phases: ``day<d>`` and ``day<d>_nodrug`` for d = 1..``days``, ``progressive_ratio``,
    ``punishment``. The criteria (persistence: presses in the drug-free periods; motivation: PR
    infusions; compulsivity: punished infusions relative to baseline) are scored by the
    ``addiction_minority`` phenomenon.

    Source: Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014
    """
    check_magnitude("punishment", "shock_intensity", shock_intensity)
    phases = []
    for d in range(1, days + 1):
        phases += [self_administration_phase(f"day{d}", sessions=1, access=access, bin=bin,
                                             gap_before="1 day"),
                   Phase(name=f"day{d}_nodrug", context="N", session_length=no_drug, bin=bin,
                         gap_before="0 min", options=[extinction_lever(), INACTIVE])]
    lever = drug_lever()
    pr = Option(name="drug", schedule=Schedule(kind="PR", timeout=lever.schedule.timeout),
                outcome=lever.outcome)
    phases += [Phase(name="progressive_ratio", session_length=pr_length, bin=pr_bin, options=[pr, INACTIVE]),
               Phase(name="punishment", session_length=access, bin=bin,
                     options=[drug_lever(shock_probability=1.0, shock_intensity=shock_intensity),
                              INACTIVE])]
    return Protocol(name="addiction_criteria", description="Deroche-Gamonet criteria battery",
                    citation="Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014", phases=phases)


@paradigm("life_course")
def life_course(years: int = 15, monthly_choices: int = 3, life_reward: float = 0.25,
                dose: float = 0.25, onset_sessions: int = 10, bin: str = "10 s") -> Protocol:
    """Onset of use (daily self-administration), then ``years`` in which every month brings
    ``monthly_choices`` discrete choices (10 min apart) between the drug (with its cue) and the
    non-drug rewards of daily life (``life_reward``).

    Source: Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657
    """
    check("life", "years", years, years >= 1, "at least one year")
    drug = Option(name="drug", outcome=Outcome(drug=dose, cue=DRUG_CUE))
    life = Option(name="alternative", outcome=Outcome(reward=life_reward))
    months = Phase(name="life", sessions=12 * years, trials=monthly_choices, trial_interval="10 min",
                   session_interval="30 days", options=[drug, life])
    return Protocol(name="life_course", description=f"onset, then {years} years of choices",
                    citation="Heyman 2013, Annu Rev Clin Psychol 9:29",
                    phases=[self_administration_phase(sessions=onset_sessions, bin=bin), months])
