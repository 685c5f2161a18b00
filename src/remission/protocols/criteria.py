"""The addiction-criteria battery of Deroche-Gamonet, Belin & Piazza (2004) and its scoring.

Deroche-Gamonet, V., Belin, D. & Piazza, P. V. (2004). Evidence for addiction-like behavior in the
rat. *Science* 305, 1014–1017. After extended self-administration each rat is scored on three
criteria: (1) persistence of drug seeking when the drug is signalled unavailable (presses on the
drug lever during no-drug periods), (2) motivation: progressive-ratio breakpoint, (3) resistance to
punishment: infusions taken when each is paired with footshock, as a percentage of the unpunished
baseline. A rat is positive for a criterion when its score is in the top 35% of its population
(the paper's upper-third cut-off; ties at the cut-off all count); the addiction score is the number of criteria met (0–3). In the
paper ≈17% of rats met all three and ≈41% none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission.protocols.registry import INACTIVE, drug_lever, paradigm, self_administration_phase
from remission.protocols.schema import Option, Outcome, Phase, Protocol, Schedule

NO_DRUG_CUE = "no_drug_signal"
TOP_FRACTION = 0.35
"""Share of the population counted positive on each criterion."""


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
    punish = Phase(name="punishment", session_length=access, bin=bin,
                   options=[drug_lever(shock_probability=1.0, shock_intensity=shock_intensity),
                            INACTIVE])
    return Protocol(name="addiction_criteria", description="three-criteria addiction battery",
                    citation="Deroche-Gamonet, Belin & Piazza 2004, Science 305:1014",
                    phases=[sa, no_drug, pr, punish])


def score_addiction_criteria(result, top_fraction: float = TOP_FRACTION) -> pd.DataFrame:
    """Per-subject criteria of a simulation of :func:`addiction_criteria`.

    Parameters
    ----------
    result : SimulationResult
        Output of ``remission.simulate(model, "addiction_criteria", ...)`` (any groups).
    top_fraction : float
        Share of each group counted positive on each criterion (default 0.35).

    Returns
    -------
    pandas.DataFrame
        One row per group and subject: ``seeking`` (drug-lever presses while the drug is signalled
        unavailable), ``breakpoint`` (last PR ratio completed), ``punishment_resistance`` (punished
        infusions as % of the last baseline session), the booleans ``persistence``, ``motivation``,
        ``compulsivity``, and ``criteria`` (0–3).
    """
    from remission.errors import RemissionError
    from remission.protocols.compile import pr_requirement

    df = result.trials
    needed = {"self_administration", "no_drug", "progressive_ratio", "punishment"}
    missing = needed - set(df["phase"].astype(str).unique())
    if missing:
        raise RemissionError(f"result lacks phases {sorted(missing)}; simulate the "
                             "'addiction_criteria' protocol")
    if not 0 < top_fraction < 1:
        raise RemissionError(f"top_fraction = {top_fraction!r}; valid: between 0 and 1")
    keys = ["group", "subject"]
    phase = df["phase"].astype(str)
    seek = (df["action"] == "drug").where(phase == "no_drug", False).groupby([df[k] for k in keys],
                                                                            observed=True).sum()
    n_pr = (df["drug"] > 0).where(phase == "progressive_ratio", False).groupby(
        [df[k] for k in keys], observed=True).sum()
    breakpoint = pd.Series(np.where(n_pr > 0, np.asarray(pr_requirement(np.maximum(n_pr.to_numpy(float) - 1, 0))), 0.0),
                           index=n_pr.index)
    sa = df[phase == "self_administration"]
    last = sa[sa["session"] == sa["session"].max()]
    base = (last["drug"] > 0).groupby([last[k] for k in keys], observed=True).sum()
    pun = (df["drug"] > 0).where(phase == "punishment", False).groupby([df[k] for k in keys],
                                                                       observed=True).sum()
    resistance = 100.0 * pun / np.maximum(base, 1)
    out = pd.DataFrame({"seeking": seek, "breakpoint": breakpoint,
                        "punishment_resistance": resistance}).reset_index()
    for col, crit in (("seeking", "persistence"), ("breakpoint", "motivation"),
                      ("punishment_resistance", "compulsivity")):
        grp = out.groupby("group", observed=True)[col]
        rank = grp.rank(method="min", ascending=False)
        n = grp.transform("size")
        out[crit] = (rank <= np.maximum(np.round(top_fraction * n), 1)) & (out[col] > 0)
    out["criteria"] = out[["persistence", "motivation", "compulsivity"]].sum(axis=1).astype(int)
    return out
