r"""The mechanism question at population scale: by which path did each remitter remit?

For a model with a drug trace (dual_trace, docs/MODELS.md §6.2) each remitter is classified from
its state read-outs at the end of its remission year:

* **erased**: the drug trace's storage strength has fallen to at most half its peak before
  remission, :math:`S_{X_0}(r + W) \le \tfrac12 \max_{t \le r} S_{X_0}(t)` — remission carried by
  erasure of the drug memory;
* **competition**: the drug trace is kept (more than half its peak) and remission is carried by
  competing traces (extinction N₀, aversive P₀ learned from consequences, the alternative's X₁)
  that outweigh it.

Each path predicts something for relapse after remission: a kept drug memory can return when the
competing traces fade or lose their context (renewal, spontaneous recovery; Bouton 2004, Learn Mem
11:485), an erased one cannot. :func:`decompose` gives the share of remitters per path with
Kaplan–Meier relapse per path; :func:`verdict` states whether population data (the remission
curve alone, or with relapse) can tell the paths apart.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from remission.lifecourse import survival

ERASED_FRACTION = 0.5


def classify(table: pd.DataFrame) -> pd.Series:
    """``erased`` / ``competition`` per remitter (NaN-free rows only; others ``none``)."""
    if "drug_trace_remission" not in table:
        return pd.Series("n/a", index=table.index)
    kept = table["drug_trace_remission"] / table["drug_trace_peak"].where(table["drug_trace_peak"] > 0)
    path = np.where(kept <= ERASED_FRACTION, "erased", "competition")
    return pd.Series(np.where(table["remitted"], path, "none"), index=table.index)


def decompose(table: pd.DataFrame) -> pd.DataFrame:
    """Per arm and path: remitters, share, median years to remission, relapse within 5 and 10
    years after the remission year (KM), median relapse time."""
    t = table.assign(path=classify(table))
    rows = []
    for arm, g in t.groupby("arm", sort=False):
        rem = g[g["remitted"]]
        for path in ("erased", "competition"):
            p = rem[rem["path"] == path]
            kept = p["drug_trace_remission"] / p["drug_trace_peak"] if len(p) else p["time"]
            row = {"arm": arm, "path": path, "remitters": len(p),
                   "share": len(p) / len(rem) if len(rem) else math.nan,
                   "drug_trace_kept": float(kept.mean()) if len(p) else math.nan,
                   "erasure_index": (float(p["erasure_index_remission"].mean())
                                     if len(p) and "erasure_index_remission" in p else math.nan),
                   "median_years_to_remission": float(p["time"].median()) if len(p) else math.nan}
            ok = p["relapse_time"].notna()
            if ok.sum() >= 2:
                km = survival.kaplan_meier(p.loc[ok, "relapse_time"], p.loc[ok, "relapsed"], "relapse")
                row |= {"relapse_5y": survival.cumulative_at(km, 5.0),
                        "relapse_10y": survival.cumulative_at(km, 10.0),
                        "median_relapse_years": survival.median(km)}
            else:
                row |= {"relapse_5y": math.nan, "relapse_10y": math.nan,
                        "median_relapse_years": math.nan}
            rows.append(row)
    return pd.DataFrame(rows)


def verdict(table: pd.DataFrame) -> dict:
    """Can population data tell erasure from competition? Compares the two paths' remission-time
    curves and relapse curves (log-rank) in the untreated arm (or the first arm)."""
    t = table.assign(path=classify(table))
    arm = "none" if (t["arm"] == "none").any() else t["arm"].iloc[0]
    g = t[(t["arm"] == arm) & t["remitted"]]
    e, c = g[g["path"] == "erased"], g[g["path"] == "competition"]
    out = {"arm": arm, "erased": len(e), "competition": len(c)}
    if min(len(e), len(c)) < 5:
        out["text"] = (f"Only one path occurs ({len(e)} erased, {len(c)} competition remitters in "
                       f"arm {arm!r}): the population cannot compare the paths; the path is set "
                       "by the model's parameters, not revealed by the data.")
        out["remission_p"] = out["relapse_p"] = math.nan
        return out
    # remission times are all events here (remitters); log-rank on them compares their timing
    out["remission_p"] = survival.logrank(e["time"], np.ones(len(e), bool), c["time"],
                                          np.ones(len(c), bool))
    ok_e, ok_c = e["relapse_time"].notna(), c["relapse_time"].notna()
    out["relapse_p"] = survival.logrank(e.loc[ok_e, "relapse_time"], e.loc[ok_e, "relapsed"],
                                        c.loc[ok_c, "relapse_time"], c.loc[ok_c, "relapsed"])
    timing = "differ" if out["remission_p"] < 0.05 else "do not differ detectably"
    relapse = "differ" if out["relapse_p"] < 0.05 else "do not differ detectably"
    out["text"] = (f"In arm {arm!r}, {len(e)} remitters took the erasure path and {len(c)} the "
                   f"competition path. Their times to remission {timing} (log-rank p = "
                   f"{out['remission_p']:.2g}); their relapse after remission {relapse} (p = "
                   f"{out['relapse_p']:.2g}). A survey sees one mixed remission curve, not the "
                   f"path of each person: the remission curve alone identifies the paths only "
                   f"through its shape, and relapse after remission is the observable that "
                   f"separates them" + (" here." if out["relapse_p"] < 0.05 else
                                        " only weakly here."))
    return out
