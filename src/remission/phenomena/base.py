"""The phenomena registry: published findings as computable tests (docs/PHENOMENA.md).

A :class:`Phenomenon` holds its groups (each a registered paradigm with overrides, or any
:class:`~remission.protocols.Protocol` or TOML file), the read-out computed from the simulated
trials, the published target, the pass rule and the citation. Its ``score`` function receives the
``SimulationResult.trials`` table of all its groups and returns a :class:`Score`: the simulated
values per condition, the headline number, whether the pass rule holds (``None`` = not
applicable, with a note saying why) and the published values to plot beside them. Nothing in a
Score is written by hand: change a model's parameters and the Score changes.

Register a phenomenon with :func:`register` in its own module and list the module in
:data:`remission.phenomena.MODULES`; the tests run over the whole registry.

Budget: the engine compiles once per (model, numbers of cues and contexts, step bucket, subjects),
so the operant designs use :data:`BIN` (60 s) time bins and 8–10 training sessions; durations are
compressed where the finding allows, and each module's docstring says how.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.protocols import Protocol, resolve
from remission.registry import Registry

BIN = "60 s"
"""Time bin of the operant designs (a press every bin at most)."""
SA_SESSIONS = 10
SHORT_SA = 8
EXTINCTION = 3
DOSE = 0.25
CHOICE_DAYS = 12


@dataclass
class Score:
    """What a model did on one phenomenon.

    Attributes
    ----------
    value : float
        The headline simulated number (the ``simulated`` column of the scorecard).
    passed : bool or None
        Whether the pass rule holds; ``None`` when the phenomenon is not applicable (see ``note``).
    simulated : dict of str to float
        Simulated value per condition (what the figure plots).
    published : dict of str to float
        Published value per condition, where the literature gives numbers (may be empty).
    checks : dict of str to bool
        The named parts of the pass rule and whether each holds.
    note : str
        Why a cell is not applicable, or a caveat.
    """

    value: float
    passed: bool | None
    simulated: dict[str, float]
    published: dict[str, float] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Phenomenon:
    """One row of docs/PHENOMENA.md as a computable test.

    Attributes
    ----------
    id : str
        Row id in docs/PHENOMENA.md (e.g. ``"renewal"``).
    title : str
        One-line statement of the finding.
    citation : str
        The papers the target comes from.
    readout : str
        What the headline number measures.
    target : str
        The published target, as text (the ``target`` column).
    rule : str
        The pass rule in words (direction, and the tolerance where the literature gives a number).
    groups : mapping
        ``{group name: experiment}``, each a :class:`~remission.protocols.Paradigm` (a registered
        paradigm with overrides), a Protocol or a TOML path; every group gets the same subjects'
        parameters. :meth:`protocols` builds them.
    score : callable
        ``score(trials) -> Score`` from the tidy trials of all groups.
    individual_differences : bool
        Draw subjects' parameters from the model's default population (``Model.population``), for
        read-outs that are fractions of subjects, such as the addiction-like minority.
    bears_on_remission : bool
        Whether the finding is about what happens after drug taking stops (extinction, abstinence,
        relapse, remission), where erasure and competition make different predictions; findings
        about drug use and choice (False) score the models' account of use, not the verdict.
    kind : str
        How the figure draws the conditions: ``"bar"`` or ``"line"`` (x = condition order).
    unit : str
        Unit of the simulated values (axis label).
    """

    id: str
    title: str
    citation: str
    readout: str
    target: str
    rule: str
    groups: Mapping[str, object]
    score: Callable[[pd.DataFrame], Score]
    individual_differences: bool = False
    bears_on_remission: bool = True
    kind: str = "bar"
    unit: str = ""


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


MODULES = tuple(f"remission.phenomena.{m}" for m in (
    "escalation", "addiction_minority", "punishment_resistance", "sweet_choice",
    "drug_preferring_minority", "choice_delay", "social_choice", "food_choice_abstinence",
    "extinction_priming", "renewal", "spontaneous_recovery", "reinstatement",
    "punishment_abstinence", "retrieval_extinction", "depotentiation", "incubation", "enrichment",
    "remission_epidemiology"))
"""One module per finding, in docs/PHENOMENA.md order (the registry's order)."""

REGISTRY: Registry[Phenomenon] = Registry("phenomenon", MODULES,
                                          module_of=lambda p: p.score.__module__)


def register(phenomenon: Phenomenon) -> Phenomenon:
    """Add ``phenomenon`` to the registry (module import time); returns it."""
    return REGISTRY.add(phenomenon.id, phenomenon)


# ---- read-out helpers ---------------------------------------------------------------------------


def presses(trials: pd.DataFrame, lever: str = "drug") -> pd.DataFrame:
    """Responses on ``lever`` per group, subject, phase and session (a column ``n``)."""
    df = trials.assign(n=(trials["action"] == lever).astype(float))
    return (df.groupby(["group", "subject", "phase", "session"], observed=True, sort=False)["n"]
            .sum().reset_index())


def phase_total(trials: pd.DataFrame, group: str, phase: str, column: str = "presses",
                lever: str = "drug", session: int | None = None) -> np.ndarray:
    """Per-subject total in one phase of one group (``session``: only that session; -1 = last).

    ``column`` is ``"presses"`` (responses on ``lever``), ``"infusions"`` (drug > 0), ``"rewards"``,
    or any numeric column (summed).
    """
    df = trials[(trials["group"] == group) & (trials["phase"] == phase)]
    if df.empty:
        raise KeyError(f"no steps for group {group!r}, phase {phase!r}")
    if session is not None:
        s = df["session"].max() if session == -1 else session
        df = df[df["session"] == s]
    if column == "presses":
        values = (df["action"] == lever).astype(float)
    elif column == "infusions":
        values = (df["drug"] > 0).astype(float)
    elif column == "rewards":
        values = (df["reward"] > 0).astype(float)
    else:
        values = df[column].astype(float)
    return values.groupby(df["subject"]).sum().to_numpy()


def pavlovian_cr(trials: pd.DataFrame, group: str, phase: str, session: int | None = None) -> np.ndarray:
    """Per-subject mean conditioned response (read-out ``response``) in one phase of one group."""
    df = trials[(trials["group"] == group) & (trials["phase"] == phase)]
    if session is not None:
        s = df["session"].max() if session == -1 else session
        df = df[df["session"] == s]
    return df.groupby("subject")["response"].mean().to_numpy()


def clearly_greater(a, b, floor: float) -> bool:
    """Mean of ``a`` exceeds mean of ``b`` by more than two standard errors and by ``floor``.

    ``floor`` is the smallest difference that counts as an effect (a fraction of the read-out's
    scale, e.g. 5 % of acquisition responding), so noise around zero never passes.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    diff = a.mean() - b.mean()
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)) if min(len(a), len(b)) > 1 else 0.0
    return bool(diff > max(2.0 * se, floor))


def ratio(a: float, b: float) -> float:
    """a / b, NaN when b is 0 (a model that never responds has no ratio)."""
    return float(a) / float(b) if b else float("nan")


def within(x: float, low: float, high: float) -> bool:
    """``low <= x <= high`` (False for NaN)."""
    return bool(np.isfinite(x) and low <= x <= high)


def make_score(value: float, checks: Mapping[str, bool], simulated, published=None, note="") -> Score:
    """A Score that passes when every named check holds."""
    checks = {k: bool(v) for k, v in checks.items()}
    return Score(value=float(value), passed=all(checks.values()), checks=checks,
                 simulated={k: float(v) for k, v in simulated.items()},
                 published=dict(published or {}), note=note)


def drug_share(trials: pd.DataFrame) -> pd.Series:
    """Per subject: drug choices / (drug + alternative choices) over the given steps (NaN if none)."""
    drug = (trials["action"] == "drug").groupby(trials["subject"]).sum()
    alt = (trials["action"] == "alternative").groupby(trials["subject"]).sum()
    made = drug + alt
    return (drug / made.where(made > 0)).astype(float)


def choice_steps(trials: pd.DataFrame, group: str, last_days: int | None = 3) -> pd.DataFrame:
    """Steps of the discrete-choice phases (``day<k>_choice``, :func:`sweet_vs_cocaine_choice`) of
    ``group``, keeping the last ``last_days`` days."""
    df = trials[trials["group"] == group]
    phases = [p for p in df["phase"].unique() if str(p).endswith("_choice")]
    phases = sorted(phases, key=lambda p: int(str(p).removeprefix("day").split("_")[0]))
    if last_days:
        phases = phases[-last_days:]
    return df[df["phase"].isin(phases)]
