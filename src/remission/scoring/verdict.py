"""The erasure-versus-competition verdict (Engeln & Ahmed 2024, Nat Rev Neurosci).

Each model is classed by how it handles a negative prediction error after drug learning, as its
metadata declares (``Model.mechanism``; for the dual-trace family, the default erasure share ε):

* ``erasure``: the acquired association is unlearned (Rescorla–Wagner, TD learning, the dual-trace
  model with erasure share ε = 1);
* ``competition``: new learning is stored separately and competes with an intact drug memory
  (state splitting, the latent-cause model, the dual-trace model with ε = 0);
* ``mixed``: both (the latent-cause-modulated RW "memory modification" model, which updates the old
  cause or infers a new one; the dual-trace model with 0 < ε < 1).

A phenomenon that only competition models pass is evidence that remission involves new learning
that leaves the drug memory latent; one that only erasure models pass, evidence for erasure; one
that only mixed models pass needs both.
"""

from __future__ import annotations

import pandas as pd

from remission import models as model_registry
from remission import phenomena

CATEGORIES = {
    "competition": "only competition models pass",
    "erasure": "only erasure models pass",
    "both": "needs both (only mixed models pass)",
    "either": "erasure and competition models both pass",
    "none": "no model passes",
}


def classify(model: str) -> str:
    """``erasure``, ``competition`` or ``mixed``, from the model's own metadata
    (``Model.mechanism``, or its erasure share's default value; see :meth:`Model.mechanism_at`)."""
    return model_registry.get(model).mechanism_at()


def verdict(table: pd.DataFrame) -> pd.DataFrame:
    """Per phenomenon: which class of model passes it, and the category of the finding.

    ``table`` is the scorecard (columns phenomenon, model, passed). Cells that are not applicable
    (``passed`` missing) count as not passed.
    """
    rows = []
    for phen, sub in table.groupby("phenomenon", sort=False):
        passing = {"erasure": [], "competition": [], "mixed": [], "unclassified": []}
        for model, ok in zip(sub["model"], sub["passed"]):
            if ok is True or (not pd.isna(ok) and bool(ok)):
                passing[classify(model)].append(model)
        e, c, m = (bool(passing[k]) for k in ("erasure", "competition", "mixed"))
        if e and c:
            cat = "either"
        elif c:
            cat = "competition"
        elif e:
            cat = "erasure"
        elif m:
            cat = "both"
        else:
            cat = "none"
        rows.append({"phenomenon": phen, "category": cat, "verdict": CATEGORIES[cat],
                     "bears_on_remission": _bears(phen),
                     **{f"{k}_passing": ", ".join(v) for k, v in passing.items()}})
    return pd.DataFrame(rows)


def _bears(phen: str) -> bool:
    return phen not in phenomena.REGISTRY or phenomena.get(phen).bears_on_remission


def summary(table: pd.DataFrame) -> str:
    """One paragraph stating the verdict, computed from the scorecard.

    Only findings about what follows drug taking (``bears_on_remission``) enter the verdict.
    """
    full = verdict(table)
    v = full[full["bears_on_remission"]]
    count = v["category"].value_counts()
    classes = {m: classify(m) for m in table["model"].unique()}
    present = set(classes.values())

    def named(cat):
        ids = v.loc[v["category"] == cat, "phenomenon"].tolist()
        return f" ({', '.join(ids)})" if ids else ""

    lines = [
        f"Of {len(v)} findings about extinction, abstinence, relapse and remission, "
        f"{count.get('competition', 0)} are reproduced only by competition models"
        f"{named('competition')}, {count.get('erasure', 0)} only by erasure models"
        f"{named('erasure')}, {count.get('both', 0)} only by mixed models{named('both')}, "
        f"{count.get('either', 0)} by both kinds{named('either')}, and "
        f"{count.get('none', 0)} by none."
    ]
    missing = {"erasure", "competition", "mixed"} - present
    if missing:
        lines.append(f"No {' or '.join(sorted(missing))} model was scored, so the verdict is partial.")
    comp, eras, both = (count.get(k, 0) for k in ("competition", "erasure", "both"))
    if comp > eras and comp >= both:
        lines.append("On this scorecard, remission looks more like new learning that outcompetes a "
                     "latent drug memory than like erasure of it.")
    elif eras > comp and eras >= both:
        lines.append("On this scorecard, remission looks more like erasure of drug-induced changes "
                     "than like competition.")
    elif both > 0 and both >= max(comp, eras):
        lines.append("On this scorecard, remission needs both erasure and new competing learning.")
    else:
        lines.append("On this scorecard, the findings do not separate erasure from competition.")
    use = full[~full["bears_on_remission"]]
    if len(use):
        lines.append(f"{len(use)} findings about drug use and choice ({', '.join(use['phenomenon'])}) "
                     f"score the models' account of use and are left out of the verdict.")
    return " ".join(lines)
