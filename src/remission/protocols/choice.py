"""Discrete-trial choice between a drug and a non-drug alternative (Lenoir et al. 2007), with the
dose, delays and prior drug history as overrides."""

from __future__ import annotations

from remission.protocols.blocks import DRUG_CUE, check, check_magnitude, self_administration_phase
from remission.protocols.library import paradigm
from remission.protocols.relapse import ACCESS
from remission.protocols.schema import Option, Outcome, Phase, Protocol


@paradigm("sweet_vs_cocaine_choice")
def sweet_vs_cocaine_choice(days: int = 8, dose: float = 0.25, alternative: float = 1.0,
                            sampling_trials: int = 2, choice_trials: int = 10,
                            drug_delay: str = "0 s", alternative_delay: str = "0 s",
                            alternative_available: bool = True, drug_cue: bool = True,
                            prior_sessions: int = 0, prior_access: str = "long",
                            substance: str = "cocaine", alternative_kind: str = "sweet",
                            bin: str = "10 s") -> Protocol:
    """Discrete-trial choice between an i.v. drug and a non-drug reward (saccharin: ``alternative``).

    Each day: ``sampling_trials`` with only the drug lever, then only the alternative lever, then
    ``choice_trials`` with both; trials 10 min apart. ``drug_delay``/``alternative_delay`` delay
    either outcome (Woolverton & Anderson 2006); ``alternative_available=False`` removes the
    alternative (the drug is then the only option); ``drug_cue`` pairs each infusion with the cue.
    ``prior_sessions`` > 0 runs that many daily self-administration sessions of ``prior_access``
    (``short`` 1 h or ``long`` 6 h, in ``bin`` time bins) before the first choice day (the
    extended-access history of Lenoir et al. 2013). ``substance`` names the drug (cocaine,
    heroin, alcohol, ...) and ``alternative_kind`` the alternative (``sweet``, ``food``).

    Source: Lenoir et al. 2007, PLoS ONE 2:e698
    """
    for field, value in (("dose", dose), ("alternative", alternative)):
        check_magnitude("day1_choice", field, value)
    check("history", "prior_access", prior_access, prior_access in ACCESS, "valid: 'short' or 'long'")
    check("history", "prior_sessions", prior_sessions, prior_sessions >= 0, "must be >= 0")
    cue = DRUG_CUE if drug_cue else None
    drug = Option(name="drug", outcome=Outcome(drug=dose, cue=cue, delay=drug_delay, substance=substance))
    alt = Option(name="alternative", outcome=Outcome(reward=alternative, delay=alternative_delay,
                                                     reward_kind=alternative_kind))
    phases = []
    if prior_sessions:
        phases.append(self_administration_phase(sessions=prior_sessions, access=ACCESS[prior_access],
                                                dose=dose, bin=bin, substance=substance))
    for day in range(1, days + 1):
        common = dict(trials=sampling_trials, trial_interval="10 min")
        first_gap = "1 day" if (day > 1 or prior_sessions) else "0 min"
        phases.append(Phase(name=f"day{day}_sample_drug", options=[drug], gap_before=first_gap,
                            **common))
        if alternative_available:
            phases.append(Phase(name=f"day{day}_sample_alternative", options=[alt],
                                gap_before="10 min", **common))
        phases.append(Phase(name=f"day{day}_choice",
                            options=[drug, alt] if alternative_available else [drug],
                            trials=choice_trials, trial_interval="10 min", gap_before="10 min"))
    history = f" after {prior_sessions} {prior_access}-access sessions" if prior_sessions else ""
    return Protocol(
        name="sweet_vs_cocaine_choice",
        description=f"{days} days of sampling then choice, drug {dose} vs alternative "
                    f"{alternative}{history}",
        citation="Lenoir et al. 2007, PLoS ONE 2:e698",
        phases=phases,
    )
