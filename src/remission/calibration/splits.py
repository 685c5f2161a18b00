"""Which findings a calibration trains on and which it is judged on.

Findings are tagged in the registry (``Phenomenon.tag``, :data:`remission.phenomena.base.TAGS`):
``use`` (how drug taking looks: escalation, choice, minorities, punishment resistance) and
``remission`` (extinction, abstinence, relapse, the erasure interventions). The default split
trains on ``use`` and scores on ``remission``: a model is judged on the findings where erasure and
competition disagree, which it never saw. ``leave-one-out`` (cross-validation over findings)
trains on all findings but one and scores that one, for each finding in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from remission import phenomena as phenomenon_registry
from remission.errors import RemissionError, unknown_name

CV = ("none", "leave-one-out")


@dataclass(frozen=True)
class Split:
    """Training and held-out finding ids (registry order)."""

    name: str
    train: tuple[str, ...]
    test: tuple[str, ...]


def findings(spec: str | Sequence[str] | None, where: str) -> tuple[str, ...]:
    """Finding ids from a tag (``use``, ``remission``, ``outside``), ``all`` (docs/PHENOMENA.md's
    findings), or finding ids (a list or a comma-separated string); unknown names are refused,
    naming the valid ones (:func:`remission.phenomena.select`)."""
    return () if spec is None else phenomenon_registry.select(spec, where)


def split(train: str | Sequence[str] = "use", test: str | Sequence[str] | None = None) -> Split:
    """The split: ``train`` findings, and ``test`` (default: every finding not trained on)."""
    tr = findings(train, "train")
    if not tr:
        raise RemissionError("train: no findings selected; give a tag (use, remission), all, or ids")
    te = findings(test, "test") if test is not None else tuple(p for p in phenomenon_registry.names()
                                                              if p not in tr)
    both = sorted(set(tr) & set(te))
    if both:
        raise RemissionError(f"test: {', '.join(both)} also in train; a held-out finding must not be "
                             "trained on")
    label = train if isinstance(train, str) else ",".join(tr)
    return Split(f"train={label}", tr, te)


def leave_one_out(pool: Sequence[str]) -> list[Split]:
    """For each finding of ``pool``: train on the others, test on it."""
    pool = tuple(pool)
    if len(pool) < 2:
        raise RemissionError("cv = leave-one-out needs at least 2 findings")
    return [Split(f"loo/{p}", tuple(q for q in pool if q != p), (p,)) for p in pool]


def check_cv(cv: str | None) -> str:
    cv = (cv or "none").strip()
    if cv not in CV:
        raise unknown_name("cross-validation scheme (cv)", cv, CV)
    return cv
