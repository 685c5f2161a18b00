"""The phenomena registry: published findings as computable tests (docs/PHENOMENA.md).

A :class:`Phenomenon` holds its groups (each a registered paradigm with overrides, or any
:class:`~remission.protocols.Protocol` or TOML file), a read-out (``measure``) that turns one
replicate experiment into named quantities, the pass rule as :mod:`checks <remission.phenomena.checks>`
over those quantities, the published values, and the citation. :func:`evaluate` scores a simulated
session table made of several replicate experiments (blocks of ``n`` subjects per group): every
quantity and check gets a mean and a 95 % CI over replicates, and the cell passes when every
applicable check's interval satisfies its rule. Nothing in a :class:`Score` is written by hand.

Register a phenomenon with :func:`register` in its own module and list the module in
:data:`MODULES`; the tests run over the whole registry.

Budget: the engine compiles once per (model, numbers of cues and contexts, step bucket, subjects),
so the operant designs use :data:`BIN` (60 s) time bins and 8–10 training sessions; durations are
compressed where the finding allows, and each module's docstring says how.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.phenomena.checks import Check, interval, mean
from remission.protocols import Protocol, resolve
from remission.registry import Registry

BIN = "60 s"
"""Time bin of the operant designs (a press every bin at most)."""
SA_SESSIONS = 10
SHORT_SA = 8
EXTINCTION = 3
DOSE = 0.25
"""The training dose; by the value convention (``remission.models.base.DRUG_VALUE``) it is worth
one unit of non-drug reward."""
CHOICE_DAYS = 12

NOT_APPLICABLE = "_not_applicable"
"""Key of ``measure``'s result naming why a replicate cannot score the finding."""

TAGS = ("use", "remission", "outside")
"""``use``: how drug taking looks (escalation, choice, minorities, punishment resistance);
``remission``: extinction, abstinence, relapse and the erasure interventions, where erasure and
competition make different predictions. Calibration trains on one tag and scores the other.
``outside``: published findings that are not in docs/PHENOMENA.md (:data:`OUTSIDE_MODULES`),
kept out of the default scorecard and of every default calibration split, so that a model fitted
to the table can be checked on findings it was never built or fitted against."""


@dataclass
class Interval:
    """A mean over replicates and its 95 % CI."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, per_replicate, bounds: tuple[float, float] | None = None) -> "Interval":
        """The mean and t-interval of ``per_replicate``, clipped to ``bounds`` if given (a
        score's interval stays within [0, 1])."""
        m, lo, hi = interval(per_replicate)
        if bounds is not None:
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        return cls(m, lo, hi)


@dataclass
class CheckResult:
    """One check of one cell: its effect and score over replicates, and whether it passes."""

    name: str
    rule: str
    applicable: bool
    effect: Interval | None = None
    score: Interval | None = None
    passed: bool | None = None
    note: str = ""


@dataclass
class Score:
    """What a model did on one phenomenon.

    Attributes
    ----------
    value : Interval or None
        The headline simulated quantity (the ``simulated`` column of the scorecard).
    score : Interval or None
        The normalised agreement with the published result, in [0, 1]: the mean over applicable
        checks of each check's score.
    passed : bool or None
        Every applicable check passes; ``None`` when none applies (``note`` says why).
    status : str
        ``pass``, ``fail``, ``n/a`` or ``error``.
    simulated : dict of str to Interval
        The simulated value of each plotted condition.
    published : dict of str to float
        Published values per condition, where the literature gives numbers.
    checks : list of CheckResult
    note : str
    """

    value: Interval | None
    score: Interval | None
    passed: bool | None
    status: str
    simulated: dict = field(default_factory=dict)
    published: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)
    note: str = ""

    @classmethod
    def not_applicable(cls, note: str) -> "Score":
        return cls(None, None, None, "n/a", note=note)

    @classmethod
    def error(cls, note: str) -> "Score":
        return cls(None, None, None, "error", note=note)


@dataclass(frozen=True)
class Phenomenon:
    """One row of docs/PHENOMENA.md as a computable test.

    Attributes
    ----------
    id, title, citation : str
        Row id in docs/PHENOMENA.md, one-line statement, the papers the target comes from.
    doi : tuple of str
        DOIs of the cited papers (the report links them).
    readout : str
        What the headline number measures.
    target : str
        The published target, in words.
    groups : mapping
        ``{group name: experiment}``: a :class:`~remission.protocols.Paradigm` (a registered
        paradigm with overrides), a Protocol or a TOML path. Every group gets the same subjects'
        parameters (drawn from the model's population).
    measure : callable
        ``measure(sessions) -> {quantity: per-subject array or scalar}`` for *one* replicate: the
        session table (``remission.engine.records.session_table``) of its subjects in every group.
        A replicate in which the finding cannot be scored returns ``{NOT_APPLICABLE: reason}``.
    checks : sequence of Check
        The pass rule, part by part.
    headline : str
        The quantity reported as the simulated value.
    conditions : tuple of str
        Quantities drawn in the figure, in order.
    published : mapping
        Published value per condition (drawn beside the simulation).
    tag : str
        ``use`` or ``remission`` (:data:`TAGS`).
    needs : frozenset of str
        Inputs a model must perceive for the finding to apply at all (``models.base.INPUTS``).
    windows : mapping
        Parts of sessions the read-out counts separately (``{"early": (0, 10)}`` minutes).
    readouts : tuple of str
        Model read-outs averaged per session (``response`` for Pavlovian designs).
    kind, unit : str
        How the figure draws the conditions (``bar`` or ``line``) and their unit.
    """

    id: str
    title: str
    citation: str
    readout: str
    target: str
    groups: Mapping[str, object]
    measure: Callable[[pd.DataFrame], Mapping[str, object]]
    checks: Sequence[Check]
    headline: str
    conditions: tuple[str, ...]
    tag: str
    doi: tuple[str, ...] = ()
    published: Mapping[str, float] = field(default_factory=dict)
    needs: frozenset = field(default_factory=frozenset)
    windows: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    readouts: tuple[str, ...] = ()
    kind: str = "bar"
    unit: str = ""

    def __post_init__(self):
        if self.tag not in TAGS:
            raise ValueError(f"phenomenon {self.id!r}: tag {self.tag!r} not in {TAGS}")

    @property
    def rule(self) -> str:
        """The pass rule in words: every check's rule."""
        return "; ".join(f"{c.name}: {c.rule()}" for c in self.checks)

    def protocols(self, replace: Mapping[str, object] | None = None) -> dict[str, Protocol]:
        """``{group: Protocol}``, with any group in ``replace`` swapped for another experiment
        (a Protocol, a TOML path, a paradigm)."""
        replace = dict(replace or {})
        unknown = set(replace) - set(self.groups)
        if unknown:
            raise RemissionError(f"phenomenon {self.id!r} has no group(s) {sorted(unknown)}; its "
                                 f"groups: {', '.join(self.groups)}")
        return {g: resolve(replace.get(g, spec), where=f"{self.id} group {g!r}")
                for g, spec in self.groups.items()}

    def missing_inputs(self, perceives) -> list[str]:
        """Inputs the finding needs that a model perceiving ``perceives`` lacks."""
        return sorted(set(self.needs) - set(perceives))


def evaluate(phen: Phenomenon, sessions: pd.DataFrame, n_per_replicate: int,
             perceives=None) -> Score:
    """Score a session table of several replicate experiments.

    Subject ``i`` belongs to replicate ``i // n_per_replicate``; each replicate is measured on its
    own, and every quantity and check is summarised over replicates (:func:`checks.interval`).
    Checks needing an input outside ``perceives`` (default: all inputs) are not applicable.
    """
    if perceives is not None and phen.missing_inputs(perceives):
        missing = ", ".join(phen.missing_inputs(perceives))
        return Score.not_applicable(f"not applicable: the model has no {missing} input")
    replicate = sessions["subject"].to_numpy() // n_per_replicate
    measured = [phen.measure(sessions[replicate == r]) for r in np.unique(replicate)]
    values = [v for v in measured if NOT_APPLICABLE not in v]
    if not values:
        return Score.not_applicable(f"not applicable: {measured[0][NOT_APPLICABLE]}")
    diverged = sorted({k for v in values for k, x in v.items()
                       if np.isinf(np.asarray(x, float)).any()})
    if diverged:  # a pass or fail computed from infinite values would mean nothing (NaN, as
        # for a subject that never chose, is a read-out's own "undefined" and stays allowed)
        return Score.error(f"non-finite read-out(s) {', '.join(diverged)}: the model's values "
                           "diverged or are undefined for these parameters")
    results, scores = [], []
    for c in phen.checks:
        missing = sorted(set(c.needs) - set(perceives)) if perceives is not None else []
        if missing:
            results.append(CheckResult(c.name, c.rule(), False,
                                       note=f"n/a: the model has no {', '.join(missing)} input"))
            continue
        effect = Interval.of([c.effect(v) for v in values], c.domain)
        per_score = [c.score(v) for v in values]
        results.append(CheckResult(c.name, c.rule(), True, effect, Interval.of(per_score, (0.0, 1.0)),
                                   c.passes(effect.low, effect.high)))
        scores.append(per_score)
    applicable = [r for r in results if r.applicable]
    simulated = {q: Interval.of([mean(v[q]) for v in values]) for q in phen.conditions}
    value = Interval.of([mean(v[phen.headline]) for v in values])
    if not applicable:
        return Score(value, None, None, "n/a", simulated, dict(phen.published), results,
                     note="not applicable: no check applies to this model")
    score = Interval.of(np.mean(np.asarray(scores, float), axis=0), (0.0, 1.0))
    passed = all(r.passed for r in applicable)
    return Score(value, score, passed, "pass" if passed else "fail", simulated,
                 dict(phen.published), results)


MODULES = tuple(f"remission.phenomena.{m}" for m in (
    "escalation", "addiction_minority", "punishment_resistance", "sweet_choice",
    "drug_preferring_minority", "choice_delay", "social_choice", "food_choice_abstinence",
    "extinction_priming", "renewal", "spontaneous_recovery", "reinstatement",
    "punishment_abstinence", "retrieval_extinction", "depotentiation", "incubation", "enrichment",
    "remission_epidemiology"))
"""One module per finding, in docs/PHENOMENA.md order (the registry's order)."""

OUTSIDE_MODULES = tuple(f"remission.phenomena.{m}" for m in (
    "rapid_reacquisition", "recovery_interval", "resurgence"))
"""Findings outside docs/PHENOMENA.md (tag ``outside``): relapse and reacquisition results of the
conditioning and drug literature, scored only when asked for (``--phenomena outside``,
``remission calibrate --test outside``)."""

REGISTRY: Registry[Phenomenon] = Registry("phenomenon", MODULES + OUTSIDE_MODULES,
                                          module_of=lambda p: p.measure.__module__)


def register(phenomenon: Phenomenon) -> Phenomenon:
    """Add ``phenomenon`` to the registry (module import time); returns it."""
    return REGISTRY.add(phenomenon.id, phenomenon)


# ---- read-out helpers (on a session table) ------------------------------------------------------


def _rows(sessions: pd.DataFrame, group: str, phase: str | Sequence[str],
          session: int | None = None) -> pd.DataFrame:
    phases = [phase] if isinstance(phase, str) else list(phase)
    df = sessions[(sessions["group"] == group) & sessions["phase"].isin(phases)]
    if df.empty:
        raise RemissionError(f"no sessions for group {group!r}, phase(s) {phases}: the read-out "
                             "expects the phenomenon's own groups and phases")
    if session is not None:
        df = df[df["session"] == (df["session"].max() if session == -1 else session)]
    return df


def total(sessions: pd.DataFrame, group: str, phase: str | Sequence[str], column: str = "drug_presses",
          session: int | None = None) -> np.ndarray:
    """Per-subject sum of a count column (``drug_presses``, ``infusions``, ``early_drug_presses``,
    ...) over the sessions of ``phase`` (``session``: only that one; -1 = the last)."""
    df = _rows(sessions, group, phase, session)
    return df.groupby("subject", sort=True)[column].sum().to_numpy(float)


def average(sessions: pd.DataFrame, group: str, phase: str | Sequence[str], column: str = "response",
            session: int | None = None) -> np.ndarray:
    """Per-subject mean over the sessions of ``phase`` of a per-session mean read-out (e.g. the
    Pavlovian CR ``response``)."""
    df = _rows(sessions, group, phase, session)
    return df.groupby("subject", sort=True)[column].mean().to_numpy(float)


def choice_share(sessions: pd.DataFrame, group: str, last_days: int | None = 3) -> np.ndarray:
    """Per subject: drug choices / (drug + alternative choices) in the last ``last_days`` choice
    phases (``day<k>_choice``) of ``group`` (NaN for a subject that never chose)."""
    df = sessions[sessions["group"] == group]
    phases = sorted({p for p in df["phase"].unique() if str(p).endswith("_choice")},
                    key=lambda p: int(str(p).removeprefix("day").split("_")[0]))
    if not phases:
        raise RemissionError(f"no choice phases for group {group!r}")
    df = df[df["phase"].isin(phases[-last_days:] if last_days else phases)]
    per = df.groupby("subject", sort=True)[["drug_presses", "alternative_presses"]].sum()
    made = per.sum(axis=1)
    return (per["drug_presses"] / made.where(made > 0)).to_numpy(float)


def fraction(mask) -> float:
    """Share of subjects (finite entries) for which ``mask`` holds."""
    arr = np.asarray(mask, dtype=float)
    return float(np.nanmean(arr)) if arr.size else math.nan


def ratio(a: float, b: float) -> float:
    """a / b, NaN when b is 0."""
    return float(a) / float(b) if b else math.nan
