"""Retrieval–extinction: a memory retrieval trial shortly before extinction (reconsolidation update)."""

from __future__ import annotations

from remission.errors import RemissionError
from remission.protocols.blocks import DRUG_CUE, INACTIVE, TONE, check, drug_lever, extinction_lever
from remission.protocols.library import paradigm
from remission.protocols.schema import Duration, Intervention, PavlovianTrial, Phase, Protocol

TESTS = {"spontaneous_recovery": "30 days", "renewal": "1 day", "reinstatement": "1 day"}


@paradigm("retrieval_extinction")
def retrieval_extinction(retrieval_gap: str = "10 min", retrieval: bool = True,
                         test: str = "spontaneous_recovery", acquisition_trials: int = 3,
                         extinction_trials: int = 18, training_gap: str = "1 day",
                         test_gap: str | None = None, amnestic: float = 0.0, operant: bool = False,
                         prime: float = 1.0, acquisition_sessions: int = 1, days: int = 1,
                         test_trials: int = 1) -> Protocol:
    """Retrieval 10 min, 1 h or 6 h before extinction; then a test of the return of responding.

    Pavlovian (default): ``acquisition_trials`` tone–US pairings in context A; after
    ``training_gap`` a single unreinforced tone (retrieval, omitted with ``retrieval=False``);
    ``retrieval_gap`` later ``extinction_trials`` tone-alone trials (one more without retrieval,
    so both groups get the same number of tones); then one test tone after ``test_gap``
    (default 30 days for ``test="spontaneous_recovery"``, 1 day otherwise). ``test="renewal"``
    runs retrieval and extinction in context B and tests in A; ``test="reinstatement"`` gives a
    non-contingent US/drug (``prime`` intervention, magnitude ``prime``) at the start of the test.
    ``amnestic`` > 0 injects an amnestic agent (ψ) right after the retrieval trial.
    ``operant=True``: cocaine self-administration (FR1, cue-paired infusions, 10 daily 1 h
    sessions) replaces the pairings, retrieval is a cue presentation in the box (Xue et al. 2012),
    extinction and the test are 1 h sessions in which presses bring neither drug nor cue.
    ``acquisition_sessions`` repeats the Pavlovian acquisition session; ``days`` > 1 repeats
    retrieval then extinction on consecutive days (phases ``retrieval1``, ``extinction1``, ...;
    Monfils et al. 2009 ran three); ``test_trials`` tones in the test.

    Source: Monfils et al. 2009, Science 324:951; Xue et al. 2012, Science 336:241
    """
    if test not in TESTS:
        raise RemissionError(f"test = {test!r}; valid: {', '.join(TESTS)}")
    check("retrieval", "days", days, days >= 1, "at least one retrieval–extinction day")
    Duration.model_validate(retrieval_gap)
    test_gap = TESTS[test] if test_gap is None else test_gap
    train_ctx, ext_ctx = ("A", "B") if test == "renewal" else ("A", "A")
    cue = DRUG_CUE if operant else TONE
    if operant:
        phases = [Phase(name="acquisition", context=train_ctx, sessions=10, session_length="1 h",
                        bin="10 s", options=[drug_lever(), INACTIVE])]
    else:
        phases = [Phase(name="acquisition", context=train_ctx, sessions=acquisition_sessions,
                        pavlovian=[PavlovianTrial(cs=[cue], us=1.0, count=acquisition_trials)])]
    n_ext = extinction_trials if retrieval else extinction_trials + 1
    for day in range(1, days + 1):
        label = str(day) if days > 1 else ""
        first_gap = training_gap if day == 1 else "1 day"
        if retrieval:
            phases.append(Phase(name=f"retrieval{label}", context=ext_ctx, gap_before=first_gap,
                                pavlovian=[PavlovianTrial(cs=[cue], count=1)],
                                interventions=[Intervention(kind="amnestic", magnitude=amnestic)]
                                if amnestic > 0 else []))
        ext_gap = retrieval_gap if retrieval else first_gap
        if operant:
            phases.append(Phase(name=f"extinction{label}", context=ext_ctx, gap_before=ext_gap,
                                session_length="1 h", bin="10 s",
                                options=[extinction_lever(), INACTIVE]))
        else:
            phases.append(Phase(name=f"extinction{label}", context=ext_ctx, gap_before=ext_gap,
                                pavlovian=[PavlovianTrial(cs=[cue], count=n_ext)]))
    if operant:
        test_phase = Phase(name="test", context=train_ctx, gap_before=test_gap, session_length="1 h",
                           bin="10 s", options=[extinction_lever(), INACTIVE])
    else:
        test_phase = Phase(name="test", context=train_ctx, gap_before=test_gap,
                           pavlovian=[PavlovianTrial(cs=[cue], count=test_trials)])
    if test == "reinstatement":
        test_phase = test_phase.model_copy(
            update={"interventions": [Intervention(kind="prime", magnitude=prime)]})
    phases.append(test_phase)
    what = f"retrieval {retrieval_gap} before extinction" if retrieval else "no retrieval"
    return Protocol(
        name="retrieval_extinction",
        description=f"{'operant' if operant else 'Pavlovian'} acquisition, {what}, {test} test",
        citation="Monfils et al. 2009, Science 324:951; Xue et al. 2012, Science 336:241",
        phases=phases,
    )
