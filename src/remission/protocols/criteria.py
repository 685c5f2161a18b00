"""The addiction-criteria battery of Deroche-Gamonet, Belin & Piazza (2004) and its scoring.

Deroche-Gamonet, V., Belin, D. & Piazza, P. V. (2004). Evidence for addiction-like behavior in the
rat. *Science* 305, 1014–1017. After extended self-administration each rat is scored on three
criteria: (1) persistence of drug seeking when the drug is signalled unavailable (presses on the
drug lever during no-drug periods), (2) motivation: progressive-ratio breakpoint, (3) resistance to
punishment: infusions taken when each is paired with footshock, as a percentage of the unpunished
session just before. A rat is positive for a criterion when its score is in the 40% highest percentile
of the distribution. Here that cut-off is absolute: the thresholds are the 60th percentiles of a large
reference population of default rats (:data:`REFERENCE_THRESHOLDS`), so the share of any simulated
population meeting 0–3 criteria is an outcome of its individual differences, not of the cut. In the
paper ≈17% of rats met all three and ≈41% none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission.protocols.registry import INACTIVE, drug_lever, paradigm, self_administration_phase
from remission.protocols.schema import Option, Outcome, Phase, Protocol, Schedule

NO_DRUG_CUE = "no_drug_signal"
CRITERIA = {"seeking": "persistence", "breakpoint": "motivation",
            "punishment_resistance": "compulsivity"}
"""Score column -> criterion."""
REFERENCE_TOP = 0.40
"""Share of the reference population above each threshold (the paper's 40% highest percentile)."""
REFERENCE_THRESHOLDS = {"seeking": 26.0, "breakpoint": 20.0, "punishment_resistance": 75.0}
"""Absolute thresholds in natural units (presses in the 45-min no-drug period, PR breakpoint, % of
baseline infusions under punishment) for the default battery: the 60th percentiles of 2,000
default rats (``default_rat_population()``, seed 0), computed by
``benchmarks/addiction_criteria_reference.py``."""


@paradigm("addiction_criteria")
def addiction_criteria(sessions: int = 40, access: str = "1 h", pr_length: str = "2 h",
                       shock_intensity: float = 0.2, bin: str = "10 s",
                       session_interval: str = "2 days") -> Protocol:
    """Extended self-administration (about three months) then the three-criteria battery.

    Phases: ``self_administration`` (``sessions`` sessions, ``session_interval`` apart), then
    ``no_drug`` (drug lever under extinction while a light signals no drug), ``progressive_ratio``
    and ``punishment`` (every infusion paired with a ``shock_intensity`` mA footshock).

    Source: Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014
    """
    if shock_intensity < 0:
        from remission.errors import RemissionError

        raise RemissionError(f"phase 'punishment': shock_intensity = {shock_intensity!r} is invalid; "
                             "must be >= 0 (mA)")
    sa = self_administration_phase(sessions=sessions, access=access, bin=bin,
                                   session_interval=session_interval)
    no_drug = Phase(name="no_drug", session_length="45 min", bin=bin, cues=[NO_DRUG_CUE],
                    options=[Option(name="drug"), INACTIVE])
    pr = Phase(name="progressive_ratio", session_length=pr_length, bin=bin,
               options=[Option(name="drug", schedule=Schedule(kind="PR"),
                               outcome=Outcome(drug=0.25, cue="drug_cue")), INACTIVE])
    # self-administration goes on between tests (as in the paper): the punished session is compared
    # with the unpunished session just before it
    baseline = self_administration_phase(name="baseline", sessions=1, access=access, bin=bin,
                                         gap_before=session_interval)
    punish = Phase(name="punishment", gap_before=session_interval, session_length=access, bin=bin,
                   options=[drug_lever(shock_probability=1.0, shock_intensity=shock_intensity),
                            INACTIVE])
    return Protocol(name="addiction_criteria", description="three-criteria addiction battery",
                    citation="Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014",
                    phases=[sa, no_drug, pr, baseline, punish])


def criteria_scores(result) -> pd.DataFrame:
    """Per-subject behavioural scores of a simulation of :func:`addiction_criteria`.

    Returns one row per group and subject: ``seeking`` (drug-lever presses while the drug is
    signalled unavailable), ``breakpoint`` (last PR ratio completed), ``punishment_resistance``
    (punished infusions as % of the unpunished ``baseline`` session just before).
    """
    from remission.errors import RemissionError
    from remission.protocols.compile import pr_requirement

    df = result.trials
    needed = {"self_administration", "no_drug", "progressive_ratio", "baseline", "punishment"}
    missing = needed - set(df["phase"].astype(str).unique())
    if missing:
        raise RemissionError(f"result lacks phases {sorted(missing)}; simulate the "
                             "'addiction_criteria' protocol")
    keys = [df[k] for k in ("group", "subject")]
    phase = df["phase"].astype(str)
    drug = df["drug"] > 0
    seek = (df["action"] == "drug").where(phase == "no_drug", False).groupby(keys, observed=True).sum()
    n_pr = drug.where(phase == "progressive_ratio", False).groupby(keys, observed=True).sum()
    breakpoint = pd.Series(np.where(n_pr > 0, np.asarray(pr_requirement(np.maximum(
        n_pr.to_numpy(float) - 1, 0))), 0.0), index=n_pr.index)
    base = drug.where(phase == "baseline", False).groupby(keys, observed=True).sum()
    pun = drug.where(phase == "punishment", False).groupby(keys, observed=True).sum()
    resistance = 100.0 * pun / np.maximum(base, 1)
    return pd.DataFrame({"seeking": seek, "breakpoint": breakpoint,
                         "punishment_resistance": resistance}).reset_index()


def reference_thresholds(scores: pd.DataFrame, top: float = REFERENCE_TOP) -> dict:
    """Thresholds of the criteria: the ``1 − top`` quantile of each score in a reference population.

    ``scores`` is the output of :func:`criteria_scores` for a reference simulation (for
    :data:`REFERENCE_THRESHOLDS`: the default rat population, see
    ``benchmarks/addiction_criteria_reference.py``).
    """
    return {col: float(np.quantile(scores[col].to_numpy(float), 1.0 - top)) for col in CRITERIA}


def score_addiction_criteria(result, thresholds: dict | None = None) -> pd.DataFrame:
    """Per-subject criteria of a simulation of :func:`addiction_criteria`.

    Parameters
    ----------
    result : SimulationResult
        Output of ``remission.simulate(model, "addiction_criteria", ...)`` with the default battery
        (the thresholds are in the natural units of that battery; any groups).
    thresholds : dict, optional
        ``{"seeking", "breakpoint", "punishment_resistance"}`` -> threshold; a subject meets a
        criterion when its score is strictly above it. Default :data:`REFERENCE_THRESHOLDS`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`criteria_scores`, the booleans ``persistence``, ``motivation``,
        ``compulsivity``, and ``criteria`` (0–3).
    """
    from remission.errors import RemissionError

    thr = dict(REFERENCE_THRESHOLDS if thresholds is None else thresholds)
    if set(thr) != set(CRITERIA):
        raise RemissionError(f"thresholds = {thr!r}; valid: one number for each of {list(CRITERIA)}")
    out = criteria_scores(result)
    for col, crit in CRITERIA.items():
        out[crit] = out[col] > thr[col]
    out["criteria"] = out[list(CRITERIA.values())].sum(axis=1).astype(int)
    return out
