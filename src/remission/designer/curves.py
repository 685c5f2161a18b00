"""Power analysis: the probability of the correct conclusion against subjects per group.

For a design (a registered paradigm, a protocol TOML, or ``{group: protocol}``) and two or more
hypotheses, :func:`power` simulates a pool of subjects per hypothesis and group in one batch
(:func:`~remission.designer.simulate.simulate_pool`), forms experiments of n subjects per group
from disjoint blocks of it, and analyses each as a lab would (:mod:`remission.designer.analysis`):
the cross-validated linear decoder on the read-outs and, for two hypotheses, the significance test
of the relapse read-out. :func:`compare` puts designs side by side; :data:`STANDARD` are the
field's designs for erasure versus competition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from remission.errors import RemissionError
from remission.protocols import Paradigm, Protocol, resolve
from remission.designer.analysis import accuracy
from remission.designer.hypotheses import Hypothesis, resolve_hypotheses
from remission.designer.readouts import features
from remission.designer.simulate import Pool, simulate_pool

N_GRID = (1, 2, 3, 4, 6, 8, 12, 16)
"""Subjects per group at which power is computed by default."""

STANDARD = {
    "renewal_aba": Paradigm("renewal_aba"),
    "spontaneous_recovery": Paradigm("spontaneous_recovery"),
    "reinstatement": Paradigm("reinstatement"),
    "retrieval_extinction": {"retrieval": Paradigm("retrieval_extinction", {"operant": True}),
                             "no_retrieval": Paradigm("retrieval_extinction",
                                                      {"operant": True, "retrieval": False})},
}
"""The standard designs (operant versions): ABA renewal (Crombag & Shaham 2002), spontaneous
recovery after 21 days (Rescorla 2004), drug-primed reinstatement (de Wit & Stewart 1981), and
retrieval–extinction against extinction alone with a 30-day spontaneous recovery test (Monfils et
al. 2009; Xue et al. 2012 for the cocaine version)."""


def design_groups(design, where: str = "design") -> dict[str, Protocol]:
    """``{group: Protocol}`` of a design: one protocol (its name is the group) or a mapping."""
    if isinstance(design, Mapping) and "phases" not in design and "name" not in design:
        if not design:
            raise RemissionError(f"{where}: no groups; valid: a protocol or {{group: protocol}}")
        return {str(g): resolve(p, where=f"{where} group {g!r}") for g, p in design.items()}
    p = resolve(design, where=where)
    return {"design": p}


def default_pool(n: Sequence[int]) -> int:
    """Subjects per hypothesis and group: 16 blocks of the largest n (8 per cross-validation fold)."""
    return max(32, 16 * max(n))


def power(design, hypotheses, n: Sequence[int] = N_GRID, pool: int | None = None, seed: int = 0,
          analysis: str = "relapse", partitions: int = 20, data: Pool | None = None,
          name: str | None = None) -> pd.DataFrame:
    """Probability of the correct conclusion at each n (subjects per group).

    Parameters
    ----------
    design : protocol, paradigm name, TOML path or mapping of group to protocol
    hypotheses : list of Hypothesis, TOML path or mapping
    n : sequence of int
        Subjects per group.
    pool : int, optional
        Simulated subjects per hypothesis and group (default :func:`default_pool`).
    seed : int
        Master seed; the same seed gives the same table.
    analysis : {"relapse", "sessions"}
        Read-outs the decoder uses (:mod:`remission.designer.readouts`).
    partitions : int
        Random partitions of the held-out subjects into experiments.
    data : Pool, optional
        An already simulated pool (then ``design``, ``hypotheses`` and ``pool`` only label it).

    Returns
    -------
    DataFrame
        ``design, groups, n, animals, p_correct, se, experiments, p_correct_test, info_bits``:
        ``p_correct`` the decoder's, ``p_correct_test`` the t-test's, ``info_bits`` Fano's lower
        bound on the information about the hypothesis.
    """
    n = sorted({int(v) for v in n})
    if not n or n[0] < 1:
        raise RemissionError(f"n = {n!r}: give subjects per group >= 1")
    pool = default_pool(n) if pool is None else int(pool)
    if pool < 2 * n[-1]:
        raise RemissionError(f"pool = {pool} is invalid: it must hold two folds of n = {n[-1]} "
                             f"(valid: pool >= {2 * n[-1]})")
    if data is None:
        hyps = resolve_hypotheses(hypotheses)
        data = simulate_pool(hyps, design_groups(design), pool, seed)
    feats, _ = features(data, analysis)
    try:
        relapse = features(data, "relapse")[0] if analysis != "relapse" else feats
    except RemissionError:
        relapse = None
    rows = []
    for k in n:
        acc = accuracy(feats, k, seed=seed, partitions=partitions, relapse=relapse)
        rows.append({"design": name or "design", "groups": len(data.groups), "n": k,
                     "animals": k * len(data.groups), "p_correct": acc.p_correct, "se": acc.se,
                     "experiments": acc.experiments,
                     "p_correct_test": acc.p_correct_test if relapse is not None else np.nan,
                     "info_bits": acc.info_bits})
    return pd.DataFrame(rows)


def compare(designs: Mapping | None, hypotheses, n: Sequence[int] = N_GRID, pool: int | None = None,
            seed: int = 0, analysis: str = "relapse", progress=None) -> pd.DataFrame:
    """:func:`power` of several designs (default :data:`STANDARD`), one table."""
    designs = dict(STANDARD if designs is None else designs)
    hyps = resolve_hypotheses(hypotheses)
    tables = []
    for i, (label, design) in enumerate(designs.items()):
        tables.append(power(design, hyps, n=n, pool=pool, seed=seed, analysis=analysis, name=label))
        if progress:
            progress(i + 1, len(designs), label)
    return pd.concat(tables, ignore_index=True)


def animals_needed(table: pd.DataFrame, target: float = 0.9, column: str = "p_correct") -> dict:
    """Smallest n per group reaching ``target`` for each design (None: not within the grid)."""
    out = {}
    for label, rows in table.groupby("design", sort=False):
        hit = rows[rows[column] >= target]
        out[label] = int(hit["n"].min()) if len(hit) else None
    return out


def resolve_all(designs: Mapping, hypotheses) -> tuple[dict[str, dict[str, Protocol]], list[Hypothesis]]:
    return {k: design_groups(v, where=k) for k, v in designs.items()}, resolve_hypotheses(hypotheses)
