"""Figures of fits: per-subject estimates, posterior predictive checks, recovery, comparison."""

from __future__ import annotations

import numpy as np

from remission.fitting import predictive
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


def _smooth(x, w):
    w = min(w, len(x))
    if w <= 1:
        return x
    k = np.ones(w) / w
    return np.convolve(x, k, mode="same") / np.convolve(np.ones_like(x), k, mode="same")


def ppc_figure(result, path, window: int = 5, table=None) -> None:
    """Predictive check per phase (:mod:`remission.fitting.predictive`): one row per measure
    (choice shares, CR), one column per phase; data in black, the model in blue with its band.

    Choice shares are smoothed over ``window`` positions (free-operant bins are 0/1 events).
    """
    plt = pyplot()
    table = predictive.phase_table(result) if table is None else table
    measures = list(dict.fromkeys(table["measure"]))
    phases = list(dict.fromkeys(table["phase"]))
    fig, axes = plt.subplots(max(len(measures), 1), max(len(phases), 1), squeeze=False,
                             figsize=(3.2 * max(len(phases), 1), 2.6 * max(len(measures), 1) + 0.6),
                             sharey="row")
    for i, measure in enumerate(measures):
        for j, phase in enumerate(phases):
            ax = axes[i][j]
            t = table[(table["measure"] == measure) & (table["phase"] == phase)]
            if t.empty:
                ax.set_axis_off()
                continue
            w = 1 if measure == "CR" else window
            x = t["position"].to_numpy()
            ax.fill_between(x, _smooth(t["low"].to_numpy(), w), _smooth(t["high"].to_numpy(), w),
                            color="C0", alpha=0.3, lw=0)
            ax.plot(x, _smooth(t["predicted"].to_numpy(), w), color="C0", lw=1.2, label="model")
            ax.plot(x, _smooth(t["observed"].to_numpy(), w), color="k", lw=1.0, label="data")
            ax.set_title(f"{phase}: {measure}", fontsize=9)
            ax.set_xlabel("trial / bin in phase", fontsize=8)
            if measure != "CR":
                ax.set_ylim(-0.02, 1.02)
    axes[0][0].legend(fontsize=7)
    fig.suptitle(f"{result.model} ({result.method}): {predictive.kind(result)}", fontsize=10)
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
