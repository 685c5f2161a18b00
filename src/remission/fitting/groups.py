"""Between-group comparison of a parameter from a hierarchical fit with group-level means.

In the hierarchical model (:mod:`remission.fitting.bayes`) each group g has its own mean μ_θ,g on
the unconstrained scale, and θ_g = to_constrained(μ_θ,g) is the group's median subject. For every
pair of groups (g, h) the posterior draws of Δ = θ_g − θ_h give the posterior of the difference:
its mean, a 90 % highest-density interval (HDI; ArviZ) and P(Δ > 0). For the dual-trace model
and θ = ε this answers "does condition g shift the erasure share compared with h?" (Engeln &
Ahmed 2024): an HDI excluding 0 is a credible shift.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from remission import models
from remission.errors import RemissionError, unknown_name

HDI_PROB = 0.9


def group_draws(result, parameter: str) -> dict[str, np.ndarray]:
    """Posterior draws of the group-level ``parameter`` (constrained scale) per group."""
    if result.idata is None:
        raise RemissionError("group differences need posterior draws: fit with method='bayes' "
                             "and a group column")
    fitted = list(dict.fromkeys(result.params["parameter"]))
    if parameter not in fitted:
        raise unknown_name(f"fitted parameter of model {result.model!r}", parameter, fitted)
    post = result.idata.posterior[f"{parameter}_group"]
    if "group" not in post.dims:
        raise RemissionError("the data have no groups: give a group column (--group-column NAME) "
                             "with at least two groups")
    return {str(g): np.asarray(post.sel(group=g)).ravel() for g in post.coords["group"].values}


def differences(result, parameter: str | None = None, hdi_prob: float = HDI_PROB):
    """Posterior of the difference in ``parameter`` between every pair of groups.

    Parameters
    ----------
    result : FitResult
        A Bayesian fit of data with a ``group`` column.
    parameter : str, optional
        Default: the model's erasure share (dual-trace ε), else an error asking for one.
    hdi_prob : float
        Mass of the highest-density interval (default 0.9).

    Returns
    -------
    table : pandas.DataFrame
        group, reference, parameter, mean, hdi_low, hdi_high, p_greater (P(Δ > 0)), credible
        (the HDI excludes 0).
    draws : dict
        ``"g - h"`` -> draws of Δ.
    """
    import arviz as az

    if not 0 < hdi_prob < 1:
        raise RemissionError(f"hdi_prob = {hdi_prob!r}; valid: a probability in (0, 1), e.g. 0.9")
    parameter = parameter or models.get(result.model).erasure_share
    if parameter is None:
        raise RemissionError(f"model {result.model!r} has no erasure share; name the parameter to "
                             f"compare (--param NAME)")
    per_group = group_draws(result, parameter)
    if len(per_group) < 2:
        raise RemissionError(f"only one group ({', '.join(per_group)}): comparing groups needs two or more")
    rows, draws = [], {}
    for ref, grp in itertools.combinations(per_group, 2):
        delta = per_group[grp] - per_group[ref]
        lo, hi = np.asarray(az.hdi(delta, hdi_prob=hdi_prob))
        draws[f"{grp} - {ref}"] = delta
        rows.append({"group": grp, "reference": ref, "parameter": parameter, "mean": float(delta.mean()),
                     "hdi_low": float(lo), "hdi_high": float(hi), "hdi_prob": hdi_prob,
                     "p_greater": float((delta > 0).mean()), "credible": bool(lo > 0 or hi < 0)})
    return pd.DataFrame(rows), draws


def difference_figure(table: pd.DataFrame, draws: dict, path) -> None:
    """Histogram of each pairwise difference with its HDI shaded and zero marked."""
    from remission.report.figures import pyplot

    plt = pyplot()
    n = len(table)
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n, 3.0), squeeze=False)
    for ax, row in zip(axes[0], table.itertuples()):
        delta = draws[f"{row.group} - {row.reference}"]
        ax.hist(delta, bins=40, color="C0", alpha=0.7)
        ax.axvspan(row.hdi_low, row.hdi_high, color="C1", alpha=0.25,
                   label=f"{row.hdi_prob:.0%} HDI [{row.hdi_low:.3f}, {row.hdi_high:.3f}]")
        ax.axvline(0.0, color="k", lw=0.8)
        ax.set(title=f"{row.parameter}: {row.group} − {row.reference}",
               xlabel=f"difference in group {row.parameter}", yticks=[])
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
