"""Figures of the scorecard: each finding's published target beside every model's result (with
95 % CIs), and the score of every finding against a profiled parameter (the erasure share ε).

Rendered with matplotlib's Agg backend to PNG bytes; matplotlib is imported on first use.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence

COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "n/a": "#757575", "error": "#6a1b9a"}
PUBLISHED = "#1565c0"


def pyplot():
    """matplotlib's pyplot on the Agg backend (imported on first use: drawing is optional work)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    pyplot().close(fig)
    return buf.getvalue()


def _finite(x) -> float:
    return x if x is not None and math.isfinite(x) else math.nan


def _draw(ax, simulated: Mapping, published: Mapping, kind: str, colour: str) -> None:
    """Conditions with their CIs; published values as diamonds on the same axis. Every value is
    marked with a horizontal tick, so a zero-height bar stays visible."""
    labels = list(simulated)
    xs = list(range(len(labels)))
    ys = [_finite(simulated[k].mean) for k in labels]
    lo = [max(0.0, y - _finite(simulated[k].low)) for y, k in zip(ys, labels)]
    hi = [max(0.0, _finite(simulated[k].high) - y) for y, k in zip(ys, labels)]
    if kind == "line":
        ax.errorbar(xs, ys, yerr=[lo, hi], fmt="o-", color=colour, capsize=3)
    else:
        ax.bar(xs, ys, color=colour, alpha=0.75, edgecolor=colour)
        ax.errorbar(xs, ys, yerr=[lo, hi], fmt="none", ecolor="#222222", capsize=3, lw=1)
        ax.plot(xs, ys, "_", color="#222222", markersize=14)
    pub = [(i, published[k]) for i, k in enumerate(labels) if k in published]
    if pub:
        ax.plot([i for i, _ in pub], [v for _, v in pub], "D", color=PUBLISHED, markersize=6,
                label="published", zorder=5)
    finite = [y for y in ys + [v for _, v in pub] if math.isfinite(y)]
    if finite and min(finite) >= 0:
        top = max([y + h for y, h in zip(ys, hi) if math.isfinite(y + h)] + finite)
        ax.set_ylim(0.0, 1.1 * top if top > 0 else 1.0)
    ax.axhline(0.0, color="#999999", lw=0.5)
    ax.set_xticks(xs)
    ax.set_xticklabels(labels, rotation=40, ha="right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)


def phenomenon_figure(phenomenon, cells: Sequence) -> bytes:
    """PNG bytes: the published target, then one panel per model (``cells`` of one phenomenon)."""
    plt = pyplot()
    n = len(cells) + 1
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.7 * cols, 3.0 * rows), squeeze=False)
    flat = axes.ravel()
    flat[0].axis("off")
    flat[0].text(0.0, 0.5, "published:\n" + textwrap.fill(phenomenon.target, 34)
                 + ("\n\n◆ published values on the panels" if phenomenon.published else ""),
                 fontsize=8, va="center", ha="left", color=PUBLISHED, transform=flat[0].transAxes)
    for ax, cell in zip(flat[1:], cells):
        s = cell.score
        colour = COLOURS[s.status]
        if s.simulated:
            _draw(ax, s.simulated, s.published, phenomenon.kind, colour)
            ax.set_ylabel(phenomenon.unit, fontsize=7)
        else:
            ax.axis("off")
            ax.text(0.0, 0.5, textwrap.fill(s.note or "no result", 34), fontsize=7,
                    transform=ax.transAxes)
        score = f", score {s.score.mean:.2f}" if s.score and math.isfinite(s.score.mean) else ""
        ax.set_title(f"{cell.label}: {s.status}{score}", fontsize=8, color=colour)
    for ax in flat[n:]:
        ax.axis("off")
    fig.suptitle(f"{phenomenon.id}: {phenomenon.title} (mean and 95 % CI over replicates)", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def profile_figure(profile, model: str, parameter: str) -> bytes:
    """PNG bytes: for one profiled model, the score (95 % CI band) of each remission finding
    against the parameter, a marker per value coloured pass / fail, and the number of remission
    findings passing at each value."""
    plt = pyplot()
    sub = profile[(profile["model"] == model) & (profile["tag"] == "remission")]
    phens = list(dict.fromkeys(sub["phenomenon"]))
    n = len(phens) + 1
    cols = min(n, 4)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 2.3 * rows), squeeze=False)
    flat = axes.ravel()
    counts = sub.groupby("value")["status"].apply(lambda s: int((s == "pass").sum()))
    flat[0].bar(counts.index, counts.values, width=0.8 * _step(counts.index), color="#455a64")
    flat[0].set_title("remission findings passing", fontsize=8)
    flat[0].set_xlabel(parameter, fontsize=7)
    flat[0].set_ylim(0, max(1, len(phens)))
    for ax, phen in zip(flat[1:], phens):
        p = sub[sub["phenomenon"] == phen].sort_values("value")
        x = p["value"].to_numpy(float)
        ax.fill_between(x, p["score_low"].to_numpy(float), p["score_high"].to_numpy(float),
                        color="#90a4ae", alpha=0.4, lw=0)
        ax.plot(x, p["score"].to_numpy(float), "-", color="#37474f", lw=1)
        for xv, yv, st in zip(x, p["score"], p["status"]):
            ax.plot([xv], [yv if math.isfinite(yv) else 0.0], "o", color=COLOURS[st], markersize=5)
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(phen, fontsize=8)
        ax.set_xlabel(parameter, fontsize=7)
        ax.tick_params(labelsize=7)
    for ax in flat[n:]:
        ax.axis("off")
    fig.suptitle(f"{model}: score (95 % CI) of each remission finding against {parameter}; "
                 "green pass, red fail", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def _step(values) -> float:
    v = sorted(float(x) for x in values)
    return min((b - a for a, b in zip(v, v[1:])), default=1.0) or 1.0
