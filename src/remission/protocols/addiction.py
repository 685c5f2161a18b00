"""Addiction paradigms: choice, punishment, escalation, abstinence and incubation, enrichment,
and the addiction-criteria battery with its per-subject scoring.

Every factory returns a :class:`Protocol`; times between sessions are real time (days, months), so
models with time-dependent retrieval see the abstinence they would see in the laboratory. Inputs a
factory cannot honour are refused with a :class:`RemissionError` naming the phase and the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from remission.errors import RemissionError
from remission.protocols.registry import DRUG_CUE, INACTIVE, drug_lever, paradigm, self_administration_phase
from remission.protocols.schema import Intervention, Option, Outcome, Phase, Protocol


def _check(where: str, field: str, value, ok: bool, valid: str) -> None:
    if not ok:
        raise RemissionError(f"phase {where!r}: {field} = {value!r} is invalid; {valid}")


def _check_dose(where: str, field: str, value: float) -> None:
    _check(where, field, value, value >= 0, "doses and magnitudes must be >= 0")


def _check_probability(where: str, field: str, value: float) -> None:
    _check(where, field, value, 0.0 <= value <= 1.0, "a probability lies in [0, 1]")


def cue_test_phase(name: str, gap_before: str, length: str = "1 h", bin: str = "10 s",
                   context: str = "A", interventions=()) -> Phase:
    """Extinction test: drug-lever presses bring the infusion cue but no drug (Grimm et al. 2001)."""
    return Phase(name=name, context=context, session_length=length, bin=bin, gap_before=gap_before,
                 options=[Option(name="drug", outcome=Outcome(cue=DRUG_CUE)), INACTIVE],
                 interventions=list(interventions))


def _abstinence(test_days: Sequence[float], mode: str, alternative: float, choice_trials: int,
                bin: str, enrichment: float = 0.0) -> list[Phase]:
    """Abstinence from the last training session, with cue tests on the given days.

    ``mode="forced"``: home cage; ``"choice"``: daily discrete-trial choice between drug and the
    alternative (voluntary abstinence, Venniro et al. 2018; Caprioli et al. 2015).
    """
    _check("abstinence", "mode", mode, mode in ("forced", "choice"), "valid: 'forced' or 'choice'")
    days = [float(d) for d in test_days]
    _check("abstinence", "test_days", list(test_days), len(days) > 0, "give at least one test day")
    _check("abstinence", "test_days", list(test_days), all(d >= 1 for d in days),
           "test days count from the first abstinence day (day 1); day < 1 is before abstinence starts")
    _check("abstinence", "test_days", list(test_days), days == sorted(set(days)),
           "test days must be increasing and distinct")
    _check_dose("abstinence", "alternative", alternative)
    phases, last = [], 0.0
    for day in days:
        iv = [Intervention(kind="enrichment", magnitude=enrichment)] if enrichment > 0 else []
        if mode == "choice" and day - last > 1:
            n = int(day - last - 1)
            phases.append(Phase(
                name=f"choice_before_day{day:g}", sessions=n, trials=choice_trials,
                trial_interval="10 min", gap_before="1 day", interventions=iv,
                options=[drug_lever(dose=0.25, timeout="0 s"),
                         Option(name="alternative", outcome=Outcome(reward=alternative))]))
            gap, iv = "1 day", []
        else:
            gap = f"{day - last:g} days"
        phases.append(cue_test_phase(f"cue_test_day{day:g}", gap, bin=bin, interventions=iv))
        last = day
    return phases


@paradigm("discrete_trial_choice")
def discrete_trial_choice(days: int = 8, dose: float = 0.25, sweet: float = 1.0,
                          sampling_trials: int = 2, choice_trials: int = 10, drug_delay: str = "0 s",
                          alternative_delay: str = "0 s", alternative_available: bool = True) -> Protocol:
    """Discrete-trial choice between an i.v. drug and a non-drug reward (see sweet_vs_cocaine_choice).

    Source: Lenoir et al. 2007, PLoS ONE 2:e698; Woolverton & Anderson 2006, Psychopharmacology 186:99
    """
    from remission.protocols.registry import sweet_vs_cocaine_choice

    return sweet_vs_cocaine_choice(days, dose, sweet, sampling_trials, choice_trials, drug_delay,
                                   alternative_delay, alternative_available)


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
    _check_dose("choice", "social", social)
    drug = drug_lever(dose=0.25, timeout="0 s")
    peer = Option(name="alternative", outcome=Outcome(reward=social))
    phases = [self_administration_phase(sessions=training_days, access="1 h", bin=bin),
              Phase(name="choice", sessions=choice_days, trials=choice_trials,
                    trial_interval="10 min", options=[drug, peer])]
    phases += _abstinence(test_days, "forced" if abstinence == "forced" else abstinence, social,
                          choice_trials, bin)
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
        _check_dose("punishment", field, v)
    _check_probability("punishment", "probability", probability)
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
    _check("training", "history", history, history in sessions, "valid: 'moderate' or 'extended'")
    _check_probability("punishment", "probability", probability)
    _check_dose("punishment", "intensity", intensity)
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
               retest_sessions: int = 0, bin: str = "10 s") -> Protocol:
    """Short (1 h) or long (6 h) daily access; optional abstinence then re-escalation sessions.

    Read out first-hour intake per session.

    Source: Ahmed & Koob 1998, Science 282:298
    """
    lengths = {"short": "1 h", "long": "6 h"}
    _check("self_administration", "access", access, access in lengths, "valid: 'short' or 'long'")
    _check_dose("self_administration", "dose", dose)
    phases = [self_administration_phase(sessions=sessions, access=lengths[access], dose=dose, bin=bin)]
    if retest_sessions > 0:
        phases.append(self_administration_phase(name="after_abstinence", sessions=retest_sessions,
                                                access=lengths[access], dose=dose, bin=bin,
                                                gap_before=abstinence))
    return Protocol(name="escalation", description=f"{access}-access escalation",
                    citation="Ahmed & Koob 1998, Science 282:298", phases=phases)


@paradigm("incubation")
def incubation(training_sessions: int = 10, test_days: Sequence[float] = (1, 30), access: str = "6 h",
               abstinence: str = "forced", alternative: float = 1.0, choice_trials: int = 20,
               bin: str = "10 s") -> Protocol:
    """Self-administration, then forced or voluntary (choice) abstinence, cue tests on ``test_days``.

    Use one test day per group for the between-subject curve of Grimm et al. (1, 2, 4, 7, 15, 29, 60
    days); two days for the within-subject design of Caprioli/Venniro (1 and 21).

    Source: Grimm et al. 2001, Nature 412:141; Caprioli et al. 2015, Biol Psychiatry 78:463
    """
    phases = [self_administration_phase(sessions=training_sessions, access=access, bin=bin)]
    phases += _abstinence(test_days, abstinence, alternative, choice_trials, bin)
    return Protocol(name="incubation", description=f"{abstinence} abstinence, cue tests on days {list(test_days)}",
                    citation="Grimm et al. 2001, Nature 412:141", phases=phases)


@paradigm("enrichment_abstinence")
def enrichment_abstinence(enrichment: float = 1.0, days: float = 30, test: str = "cue",
                          training_sessions: int = 10, bin: str = "10 s") -> Protocol:
    """Environmental enrichment (``enrichment`` = 0: standard housing) during abstinence, then a
    cue-, stress- or drug-primed seeking test.

    Source: Chauvet et al. 2009, Neuropsychopharmacology 34:2767; Solinas et al. 2008, PNAS
    """
    _check("test", "test", test, test in ("cue", "stress", "prime"), "valid: 'cue', 'stress', 'prime'")
    _check_dose("test", "enrichment", enrichment)
    _check("test", "days", days, days >= 1, "abstinence lasts at least 1 day")
    ivs = [Intervention(kind="enrichment", magnitude=enrichment)] if enrichment > 0 else []
    if test != "cue":
        ivs.append(Intervention(kind=test, magnitude=0.25 if test == "prime" else 0.5))
    phase = cue_test_phase("test", f"{days:g} days", bin=bin, interventions=ivs)
    if test != "cue":
        phase = phase.model_copy(update={"options": [Option(name="drug"), INACTIVE]})
    return Protocol(name="enrichment_abstinence", description=f"enrichment {enrichment}, {test} test",
                    citation="Chauvet et al. 2009, Neuropsychopharmacology 34:2767",
                    phases=[self_administration_phase(sessions=training_sessions, bin=bin), phase])


from remission.protocols.criteria import addiction_criteria, score_addiction_criteria  # noqa: E402,F401
