"""The erasure-versus-competition verdict (Engeln & Ahmed 2024, Nat Rev Neurosci), from the numbers.

Two readings of the same scorecard:

* **By mechanism.** Each model declares how it stores what a negative prediction error teaches
  (``Model.mechanism``; a model with an erasure share is classed by its value: ε = 1 erasure,
  ε = 0 competition, between mixed). Per finding: which classes of model pass it. A finding that
  only competition models pass is evidence for new learning that leaves the drug memory latent; one
  that only erasure models pass, evidence for erasure.
* **By the erasure share.** A profile scores one model (the dual-trace model) at a grid of ε with
  everything else the same. Per finding: the ε values at which it passes, as intervals of the grid;
  overall: the ε at which the most remission findings pass, and the findings that rule other values
  out. This is the sharper question, because the presets differ in ε alone.

Only findings tagged ``remission`` (extinction, abstinence, relapse, erasure interventions) enter
the verdict; ``use`` findings score each model's account of drug taking. Findings tagged
``outside`` (not in docs/PHENOMENA.md) get a sentence of their own, counted the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission import models as model_registry

CATEGORIES = {
    "competition": "only competition models pass",
    "erasure": "only erasure models pass",
    "both": "needs both (only mixed models pass)",
    "either": "erasure and competition models both pass",
    "none": "no model passes",
}


def classify(model: str, values=None) -> str:
    """``erasure``, ``competition`` or ``mixed``, from the model's own metadata at ``values``."""
    return model_registry.get(model).mechanism_at(values)


def verdict(table: pd.DataFrame) -> pd.DataFrame:
    """Per phenomenon: which classes of model pass it (``status == "pass"``), and its category."""
    rows = []
    for phen, sub in table.groupby("phenomenon", sort=False):
        passing = {"erasure": [], "competition": [], "mixed": []}
        for model, status in zip(sub["model"], sub["status"]):
            if status == "pass":
                passing[classify(model)].append(model)
        e, c, m = (bool(passing[k]) for k in ("erasure", "competition", "mixed"))
        cat = "either" if e and c else "competition" if c else "erasure" if e else "both" if m else "none"
        rows.append({"phenomenon": phen, "tag": sub["tag"].iloc[0], "category": cat,
                     "verdict": CATEGORIES[cat],
                     **{f"{k}_passing": ", ".join(v) for k, v in passing.items()}})
    return pd.DataFrame(rows)


def _runs(values: list[float], ok: list[bool]) -> list[tuple[float, float]]:
    """Contiguous runs of the grid where ``ok`` holds, as (first, last) value pairs."""
    runs, start = [], None
    for v, good in zip(values, ok):
        if good and start is None:
            start = v
        if not good and start is not None:
            runs.append((start, prev))
            start = None
        prev = v
    if start is not None:
        runs.append((start, prev))
    return runs


def format_runs(runs) -> str:
    if not runs:
        return "none"
    return " ∪ ".join(f"{a:g}" if a == b else f"[{a:g}, {b:g}]" for a, b in runs)


def intervals(profile: pd.DataFrame) -> pd.DataFrame:
    """Per profiled model and phenomenon: the grid values at which the finding passes, as
    intervals, and the value of the best score."""
    rows = []
    for (model, phen), sub in profile.groupby(["model", "phenomenon"], sort=False):
        sub = sub.sort_values("value")
        values = sub["value"].tolist()
        ok = (sub["status"] == "pass").tolist()
        scores = sub["score"].to_numpy(float)
        best = values[int(np.nanargmax(scores))] if np.isfinite(scores).any() else np.nan
        applicable = bool((sub["status"] != "n/a").any())
        rows.append({"model": model, "phenomenon": phen, "tag": sub["tag"].iloc[0],
                     "parameter": sub["parameter"].iloc[0], "passes_at": format_runs(_runs(values, ok)),
                     "n_passing": int(sum(ok)), "n_values": len(values), "best_score_at": best,
                     "applicable": applicable})
    return pd.DataFrame(rows)


def profile_summary(profile: pd.DataFrame) -> list[str]:
    """Sentences about the profile: where the most remission findings pass, what constrains it."""
    lines = []
    remission = profile[profile["tag"] == "remission"]
    for model, sub in remission.groupby("model", sort=False):
        parameter = sub["parameter"].iloc[0]
        per_value = sub.groupby("value")["status"].apply(lambda s: int((s == "pass").sum()))
        best = int(per_value.max())
        values = per_value.index.tolist()
        where = format_runs(_runs(values, (per_value == best).tolist()))
        total = sub["phenomenon"].nunique()
        lines.append(f"Profiling {model} over {parameter} ∈ {{{', '.join(f'{v:g}' for v in values)}}} "
                     f"(everything else the same), the most remission findings pass — {best} of "
                     f"{total} — at {parameter} = {where}.")
        iv = intervals(sub)
        iv = iv[iv["applicable"]]
        some = iv[(iv["n_passing"] > 0) & (iv["n_passing"] < iv["n_values"])]
        if len(some):
            lines.append("Findings that constrain it: " + "; ".join(
                f"{r.phenomenon} (passes at {r.passes_at})" for r in some.itertuples()) + ".")
        every = iv[iv["n_passing"] == iv["n_values"]]["phenomenon"].tolist()
        if every:
            lines.append(f"Passing at every {parameter} (no constraint): {', '.join(every)}.")
        never = iv[iv["n_passing"] == 0]["phenomenon"].tolist()
        if never:
            lines.append(f"Passing at no {parameter} (the model misses them whatever the share): "
                         f"{', '.join(never)}.")
    return lines


def _by_mechanism(v: pd.DataFrame, lead: str, about: str) -> str:
    """One sentence counting the findings of ``v`` (rows of :func:`verdict`) by category."""
    count = v["category"].value_counts()

    def named(cat):
        ids = v.loc[v["category"] == cat, "phenomenon"].tolist()
        return f" ({', '.join(ids)})" if ids else ""

    return (f"{lead} {len(v)} findings {about}, "
            f"{count.get('competition', 0)} are reproduced only by competition models{named('competition')}, "
            f"{count.get('erasure', 0)} only by erasure models{named('erasure')}, "
            f"{count.get('both', 0)} only by mixed models{named('both')}, "
            f"{count.get('either', 0)} by both erasure and competition models{named('either')}, and "
            f"{count.get('none', 0)} by none{named('none')}.")


def summary(table: pd.DataFrame, profile: pd.DataFrame | None = None) -> str:
    """The verdict as one paragraph, every clause computed from the scorecard (and profile)."""
    full = verdict(table)
    v = full[full["tag"] == "remission"]
    outside = full[full["tag"] == "outside"]
    lines = []
    if len(v) or not len(outside):
        lines.append(_by_mechanism(v, "By mechanism: of", "about extinction, abstinence, relapse "
                                   "and remission"))
    if len(outside):
        lines.append(_by_mechanism(outside, "Of", "outside docs/PHENOMENA.md (never used to build "
                                   "or calibrate a model)"))
    classes = {classify(m) for m in table["model"].unique()}
    missing = {"erasure", "competition", "mixed"} - classes
    if missing:
        lines.append(f"No {' or '.join(sorted(missing))} model was scored, so this reading is partial.")
    if profile is not None and len(profile):
        lines += profile_summary(profile)
    use = full[full["tag"] == "use"]
    if len(use):
        lines.append(f"{len(use)} findings about drug use and choice ({', '.join(use['phenomenon'])}) "
                     f"score the models' account of use and are left out of the verdict.")
    return " ".join(lines)
