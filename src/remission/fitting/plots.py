"""Figures of fits: per-subject estimates, posterior predictive checks, recovery, comparison."""

from __future__ import annotations

import numpy as np

from remission import models
from remission.fitting.likelihood import replay
from remission.protocols.schema import ACTIONS
from remission.report.figures import pyplot


def estimates_figure(result, path) -> None:
    """One panel per fitted parameter: estimate and 95 % interval of each subject."""
    plt = pyplot()
    names = list(dict.fromkeys(result.params["parameter"]))
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 0.18 * result.design.n_subjects + 1.5),
                             squeeze=False)
    for ax, name in zip(axes[0], names):
        p = result.params[result.params["parameter"] == name].reset_index(drop=True)
        y = np.arange(len(p))
        ax.errorbar(p["estimate"], y, xerr=[p["estimate"] - p["ci_low"], p["ci_high"] - p["estimate"]],
                    fmt="o", ms=3, lw=0.8)
        ax.set_yticks(y, p["subject"].astype(str), fontsize=6)
        ax.set_xlabel(name)
    axes[0][0].set_ylabel("subject")
    fig.suptitle(f"{result.model} ({result.method}): per-subject estimates, 95 % intervals")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def predicted(result, draws: int = 20, seed: int = 0) -> list[dict]:
    """Replays of the data under the fitted parameters: the estimates (MLE) or posterior draws."""
    mdl = models.get(result.model)
    design = result.design
    if result.idata is None:
        est = result.estimates()
        return [replay(mdl, design, {k: est[k].to_numpy() for k in est.columns})]
    post = result.idata.posterior
    names = list(dict.fromkeys(result.params["parameter"]))
    flat = {n: np.asarray(post[n]).reshape(-1, design.n_subjects) for n in names}
    pick = np.random.default_rng(seed).choice(len(flat[names[0]]), size=min(draws, len(flat[names[0]])),
                                              replace=False)
    return [replay(mdl, design, {**{n: flat[n][d] for n in names}, **result.fixed}) for d in pick]


def _smooth(x, w):
    w = min(w, len(x))
    if w <= 1:
        return x
    k = np.ones(w) / w
    return np.convolve(np.nan_to_num(x), k, mode="same") / np.maximum(
        np.convolve(~np.isnan(x), k, mode="same"), 1e-9)


def ppc_figure(result, path, window: int = 5) -> None:
    """Observed choice shares per trial (across subjects) against the model's predicted
    probabilities, replaying each subject's own history; CRs against predicted responses."""
    plt = pyplot()
    design = result.design
    reps = predicted(result)
    mask = design.mask
    shown = [i for i in range(len(ACTIONS)) if (design.actions[mask] == i).any()]
    has_cr = design.cr_mask.any()
    n = len(shown) + int(has_cr)
    fig, axes = plt.subplots(1, max(n, 1), figsize=(4.2 * max(n, 1), 3.2), squeeze=False)
    t = np.arange(design.n_steps)
    import warnings

    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # steps no subject responded on
        for ax, a in zip(axes[0], shown):
            obs = np.where(mask, design.actions == a, np.nan)
            ax.plot(t, _smooth(np.nanmean(obs, 0), window), color="k", lw=1.2, label="data")
            preds = np.array([np.nanmean(np.where(mask, r[f"p_{ACTIONS[a]}"], np.nan), 0) for r in reps])
            lo, hi = np.nanpercentile(preds, [5, 95], axis=0) if len(reps) > 1 else (preds[0], preds[0])
            ax.fill_between(t, _smooth(lo, window), _smooth(hi, window), color="C0", alpha=0.3)
            ax.plot(t, _smooth(preds.mean(0), window), color="C0", lw=1.2, label="model")
            ax.set(title=f"P({ACTIONS[a]})", xlabel="step (trial / bin)", ylim=(-0.02, 1.02))
            ax.legend(fontsize=7)
        if has_cr:
            ax = axes[0][len(shown)]
            cr = np.where(design.cr_mask, design.cr, np.nan)
            ax.plot(t, np.nanmean(cr, 0), color="k", lw=1.2, label="CR (data)")
            resp = np.nanmean(np.where(design.cr_mask, reps[0]["response"], np.nan), 0)
            ax.plot(t, resp, color="C0", lw=1.2, label="model response")
            ax.set(title="conditioned response", xlabel="step")
            ax.legend(fontsize=7)
    fig.suptitle(f"{result.model} ({result.method}): posterior predictive check")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def recovery_figure(pairs, summary, path) -> None:
    """True against estimated values, one panel per parameter, with r."""
    plt = pyplot()
    names = list(dict.fromkeys(pairs["parameter"]))
    fig, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names), 3.3), squeeze=False)
    for ax, name in zip(axes[0], names):
        p = pairs[pairs["parameter"] == name]
        ax.scatter(p["true"], p["estimate"], s=10)
        lims = [min(p["true"].min(), p["estimate"].min()), max(p["true"].max(), p["estimate"].max())]
        ax.plot(lims, lims, "k--", lw=0.8)
        r = summary.loc[summary["parameter"] == name, "r"].iloc[0]
        ax.set(title=f"{name}: r = {r:.2f}", xlabel="true", ylabel="estimated")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def matrix_figure(matrix, path, title: str) -> None:
    """Heat map of a model × model table (model-recovery confusion matrix)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(1.2 * len(matrix.columns) + 2.5, 1.0 * len(matrix) + 1.8))
    im = ax.imshow(matrix.to_numpy(float), vmin=0, vmax=1, cmap="Blues")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(matrix)), matrix.index)
    for i in range(len(matrix)):
        for j in range(len(matrix.columns)):
            ax.text(j, i, f"{matrix.iat[i, j]:.2f}", ha="center", va="center", fontsize=8)
    ax.set(xlabel="best-fitting model", ylabel="generating model", title=title)
    fig.colorbar(im, ax=ax)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def compare_figure(table, path, column: str) -> None:
    """Bar chart of a comparison criterion per model (lower BIC / higher ELPD is better)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5, 0.5 * len(table) + 1.5))
    ax.barh(table["model"], table[column], xerr=table.get(f"{column}_se"), color="C0")
    ax.set(xlabel=column, title="model comparison")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def alpha_posterior_figure(fit, path, max_subjects: int = 40):
    """One line per subject: p(α | data) over the grid (at most ``max_subjects`` drawn)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    grid = fit.attrs["alphas"]
    for s in list(fit.attrs["posterior"])[:max_subjects]:
        ax.plot(grid, fit.attrs["posterior"][s], lw=1, alpha=0.7)
    ax.set_xlabel("α (concentration)")
    ax.set_ylabel("posterior probability")
    ax.set_title(f"LCM α posteriors ({len(fit)} subjects)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
