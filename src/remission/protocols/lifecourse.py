"""A human life course in weekly steps: drug, price, life's rewards, delayed costs, treatment.

One step is one week (one discrete choice per week, one session per week, real time between
weeks). Each week the person either uses the drug, spends the week on the non-drug rewards of
life (the ``alternative`` option), or neither. The life is cut into segments of constant
conditions; each segment is one :class:`~remission.protocols.schema.Phase`, so the paradigm is an
ordinary protocol (TOML in and out) that runs in the engine like any other.

What a life contains
--------------------
* **Drug availability and price.** The drug option is offered in every segment where the drug is
  available; its dose per week is ``dose / price`` (the unit-price idea: the amount bought by a
  fixed budget falls with price; Hursh 1984, J Exp Anal Behav 42:435; Bickel et al. 1990,
  J Exp Anal Behav 54:179). Segments without the drug (a move, a dry spell) offer only the
  alternative.
* **Alternative rewards that come and go** (work, a partner, children): the reward of the
  alternative option is ``life_reward`` plus the rewards of the episodes under way (Vuchinich &
  Tucker 1988, J Abnorm Psychol 97:181, behavioural-economic choice between drugs and
  alternatives; Heyman 2009, *Addiction: A Disorder of Choice*). How much a week of use forgoes
  of these roles is ``role_compatibility`` r: a week of use also earns r times the episodes'
  rewards. r = 0 (the default) makes the roles perfect substitutes for the drug, incompatible
  with use; r = 1 makes them independent of it (the drug and the roles are consumed together, so
  they no longer compete). Drugs differ here (Bickel, DeGrandpre & Higgins 1995,
  Psychopharmacology 118:250, on substitutes, complements and independents among concurrent
  reinforcers; role incompatibility as the engine of maturing out, Yamaguchi & Kandel 1985,
  Am J Sociol 90:1284): heavy drinking is more compatible with work and family than cocaine use
  is, so r is fitted per substance, not chosen.
* **Delayed consequences of use** (health, legal, social): each week of use accrues
  ``consequence`` that arrives with mean delay ``consequence_delay`` (the box's pending pool,
  :mod:`remission.engine.environment`); what arrives in a week of use is that week's aversive
  outcome. This is what gives negative prediction errors while the drug is still chosen. With
  ``consequence_growth`` the harm builds up: a week of use after y years of use accrues
  ``consequence`` · (1 + ``consequence_growth`` · y) (chronic damage; "maturing out" as the costs
  of use mount, Winick 1962, Bull Narc 14:1).
* **Stressors and drug cues**: stress interventions at the start of stressful segments (life
  events; Sinha 2008, Ann N Y Acad Sci 1141:105) and the drug cue present in segments spent among
  drug-using peers and places.
* **Treatment episodes** (``treatment``): ``extinction`` (residential cue-exposure therapy: the
  drug cue presented without the drug in the clinic; Conklin & Tiffany 2002, Addiction 97:155),
  ``contingency`` (contingency management: vouchers added to the alternative's reward while
  abstinent; Higgins et al. 1994, Arch Gen Psychiatry 51:568), ``detox`` (detoxification: forced
  abstinence in the clinic, only the alternative offered).

Individual life histories are drawn from ``history``: the same
number gives the same life (episodes of work, partner and children, stressors, drug-free
spells); ``history = None`` gives the typical life (no random events).
"""

from __future__ import annotations

import numpy as np

from remission.protocols.blocks import DRUG_CUE, check, check_magnitude
from remission.protocols.library import paradigm
from remission.protocols.schema import (
    Intervention,
    Option,
    Outcome,
    PavlovianTrial,
    Phase,
    Protocol,
)

WEEKS_PER_YEAR = 52
WEEK_GAP = "10079 min"
"""Gap from a segment's last week (a 1-min step) to the next segment's first: one week in all."""
TREATMENTS = ("none", "extinction", "contingency", "detox")
LIFE, CLINIC = "life", "clinic"

#: Alternative-reward episodes of a drawn life: (name, reward, mean onset year, mean duration years).
EPISODES = (("work", 0.5, 4.0, 12.0), ("partner", 0.5, 6.0, 10.0), ("children", 0.5, 10.0, 18.0))


def _segments(weeks: int, history: int | None, stress: float, cue_share: float):
    """Per-week arrays of a life: alternative reward extra, drug availability, stress, cue."""
    extra = np.zeros(weeks)
    available = np.ones(weeks, bool)
    stressed = np.zeros(weeks)
    cue = np.zeros(weeks, bool)
    if history is None:  # the typical life: each episode at its mean onset, for its mean duration
        for _, reward, onset, duration in EPISODES:
            a = int(onset * WEEKS_PER_YEAR)
            extra[a:a + int(duration * WEEKS_PER_YEAR)] += reward
        cue[: int(weeks * cue_share)] = True
        return extra, available, stressed, cue
    rng = np.random.default_rng([history, 0x11FE])
    for _, reward, onset, duration in EPISODES:
        a = int(rng.exponential(onset) * WEEKS_PER_YEAR)
        extra[a:a + int(rng.exponential(duration) * WEEKS_PER_YEAR)] += reward
    for _ in range(rng.poisson(weeks / WEEKS_PER_YEAR / 5)):  # a drug-free spell every ~5 years
        a = int(rng.integers(0, weeks))
        available[a:a + int(rng.integers(4, 27))] = False
    for _ in range(rng.poisson(weeks / WEEKS_PER_YEAR / 3)):  # a stressful life event every ~3 years
        stressed[int(rng.integers(0, weeks))] = stress
    cue_end = int(weeks * min(1.0, rng.exponential(cue_share)))  # years among drug-using peers
    cue[:cue_end] = True
    return extra, available, stressed, cue


def _treatment_weeks(weeks: int, treatment: str, year: float, length: int, repeat: float):
    """Boolean per week: under treatment (episodes every ``repeat`` years from ``year``)."""
    on = np.zeros(weeks, bool)
    if treatment == "none":
        return on
    start = year
    while start * WEEKS_PER_YEAR < weeks:
        a = int(start * WEEKS_PER_YEAR)
        on[a:a + length] = True
        if repeat <= 0:
            break
        start += repeat
    return on


@paradigm("life_course_weekly")
def life_course_weekly(years: int = 30, substance: str = "cocaine", dose: float = 0.25,
                       price: float = 1.0, life_reward: float = 0.25, consequence: float = 0.3,
                       consequence_delay: str = "2 years", consequence_growth: float = 0.0,
                       role_compatibility: float = 0.0, stress: float = 1.0,
                       cue_share: float = 0.3, history: int | None = None,
                       treatment: str = "none", treatment_year: float = 3.0,
                       treatment_weeks: int = 12, treatment_repeat: float = 0.0,
                       voucher: float = 1.0) -> Protocol:
    """A life of ``years`` weekly choices between the drug and life's other rewards.

    Source: Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. 2011, Addiction 106:657

    Parameters
    ----------
    years : int
        Length of the life followed, from first use (weeks = 52 · years).
    substance : str
        The drug (``cocaine``, ``alcohol``, ...): a label the box passes on.
    dose, price : float
        Dose per week of use is ``dose / price``.
    life_reward : float
        Reward of a week spent on the rest of life, before episodes (work, partner, children add
        0.5 each while they last).
    consequence, consequence_delay : float, str
        Aversive consequence accrued per week of use (shock-equivalent) and its mean delay.
    consequence_growth : float
        Growth of that consequence per year of earlier use: a week of use after y years of use
        accrues ``consequence`` · (1 + ``consequence_growth`` · y) (harm that builds up; 0: none).
    role_compatibility : float
        Share of the episodes' rewards (work, partner, children) that a week of use still earns,
        in [0, 1]: 0, the roles are given up in a week of use (perfect substitutes); 1, they are
        kept (independent of use, so they do not compete with the drug).
    stress : float
        Magnitude of a stressful life event (drawn lives only).
    cue_share : float
        Share of the life spent among drug cues (mean, for drawn lives).
    history : int, optional
        Seed of a drawn life (None: the typical life without random events).
    treatment : str
        ``none``, ``extinction``, ``contingency`` or ``detox``.
    treatment_year, treatment_weeks, treatment_repeat : float, int, float
        First episode (years from first use), its length in weeks, years between episodes
        (0: one episode).
    voucher : float
        Contingency management's voucher, added to the alternative's reward.
    """
    check("life", "years", years, 1 <= years <= 100, "1 to 100 years")
    check("life", "treatment", treatment, treatment in TREATMENTS, f"one of {TREATMENTS}")
    check("life", "price", price, price > 0, "a price > 0")
    for name, value in (("dose", dose), ("life_reward", life_reward), ("consequence", consequence),
                        ("consequence_growth", consequence_growth), ("stress", stress),
                        ("voucher", voucher)):
        check_magnitude("life", name, value)
    check("life", "cue_share", cue_share, 0 <= cue_share <= 1, "a share in [0, 1]")
    check("life", "role_compatibility", role_compatibility, 0 <= role_compatibility <= 1,
          "a share in [0, 1]")
    check("life", "treatment_weeks", treatment_weeks, treatment_weeks >= 1, "at least one week")
    weeks = years * WEEKS_PER_YEAR
    extra, available, stressed, cue = _segments(weeks, history, stress, cue_share)
    treated = _treatment_weeks(weeks, treatment, treatment_year, treatment_weeks, treatment_repeat)
    drug = Option(name="drug", outcome=Outcome(drug=dose / price, cue=DRUG_CUE, substance=substance,
                                               consequence=consequence,
                                               consequence_delay=consequence_delay,
                                               consequence_growth=consequence_growth
                                               / WEEKS_PER_YEAR))
    key = list(zip(np.round(extra, 6), available, stressed, cue, treated))
    phases, start = [], 0
    for w in range(1, weeks + 1):
        if w < weeks and key[w] == key[start] and stressed[w] == 0:
            continue
        phases.append(_phase(len(phases), start, w - start, key[start], life_reward, drug,
                             treatment, voucher, role_compatibility))
        start = w
    return Protocol(name="life_course_weekly",
                    description=f"{years} years of weekly choices ({substance}, treatment "
                                f"{treatment}, history {history})",
                    citation="Heyman 2013, Annu Rev Clin Psychol 9:29; Lopez-Quintero et al. "
                             "2011, Addiction 106:657",
                    phases=phases)


def _phase(i, start, n, key, life_reward, drug, treatment, voucher, compatibility) -> Phase:
    extra, available, stressed, cue, treated = key
    if compatibility > 0 and extra > 0:  # the roles a week of use keeps
        drug = drug.model_copy(update={"outcome": drug.outcome.model_copy(
            update={"reward": compatibility * float(extra), "reward_kind": "social"})})
    common = dict(name=f"w{start}", sessions=n, session_interval="1 week", gap_before=WEEK_GAP,
                  trial_interval="1 min",
                  interventions=[Intervention(kind="stress", magnitude=stressed)] if stressed else [])
    reward = life_reward + float(extra)
    if treated and treatment == "extinction":
        return Phase(context=CLINIC, pavlovian=[PavlovianTrial(cs=[DRUG_CUE], us=0.0)], **common)
    if treated and treatment == "detox":
        return Phase(context=CLINIC, trials=1, **common,
                     options=[Option(name="alternative", outcome=Outcome(reward=reward,
                                                                         reward_kind="social"))])
    if treated and treatment == "contingency":
        reward += voucher
    alt = Option(name="alternative", outcome=Outcome(reward=reward, reward_kind="social"))
    return Phase(context=LIFE, trials=1, cues=[DRUG_CUE] if cue else [], **common,
                 options=[drug, alt] if available else [alt])
