"""Figures of the scorecard: for each phenomenon, the published target beside every model's result.

One figure per phenomenon: the first panel shows the published values (or the target in words
where the literature gives no numbers), then one panel per model with its simulated values, titled
with the model's name and verdict. Rendered with matplotlib's Agg backend to PNG bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence

COLOURS = {True: "#2e7d32", False: "#c62828", None: "#757575"}
VERDICT = {True: "pass", False: "fail", None: "n/a"}


def pyplot():
    """matplotlib's pyplot on the Agg backend (imported on first use: drawing is optional work)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _draw(ax, values: Mapping[str, float], kind: str, colour: str) -> None:
    labels = list(values)
    ys = [values[k] if values[k] is not None and math.isfinite(values[k]) else float("nan")
          for k in labels]
    xs = range(len(labels))
    if kind == "line":
        ax.plot(xs, ys, "o-", color=colour)
    else:
        ax.bar(xs, ys, color=colour, alpha=0.8)
    finite = [y for y in ys if math.isfinite(y)]
    if finite and max(abs(y) for y in finite) < 1e-9:
        ax.set_ylim(-1.0, 1.0)  # all ~0: do not magnify round-off to full scale
    elif finite and min(finite) >= 0:
        ax.set_ylim(0.0, 1.1 * max(finite))  # from zero: noise is not drawn as an effect
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, rotation=40, ha="right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)


def phenomenon_figure(phenomenon, cells: Sequence) -> bytes:
    """PNG bytes: published target then one panel per model (``cells`` of one phenomenon)."""
    n = len(cells) + 1
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    plt = pyplot()
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.9 * rows), squeeze=False)
    flat = axes.ravel()
    ax = flat[0]
    published = next((c.score.published for c in cells if c.score.published), {})
    if published:
        _draw(ax, published, phenomenon.kind, "#1565c0")
        ax.set_title("published (≈)", fontsize=9, color="#1565c0")
    else:
        ax.axis("off")
        ax.text(0.0, 0.5, "published:\n" + textwrap.fill(phenomenon.target, 34), fontsize=8,
                va="center", ha="left", color="#1565c0", transform=ax.transAxes)
    for ax, cell in zip(flat[1:], cells):
        s = cell.score
        if s.simulated:
            _draw(ax, s.simulated, phenomenon.kind, COLOURS[s.passed])
            ax.set_ylabel(phenomenon.unit, fontsize=7)
        else:
            ax.axis("off")
            ax.text(0.0, 0.5, textwrap.fill(s.note or "no result", 34), fontsize=7,
                    transform=ax.transAxes)
        ax.set_title(f"{cell.model}: {VERDICT[s.passed]}", fontsize=9, color=COLOURS[s.passed])
    for ax in flat[n:]:
        ax.axis("off")
    fig.suptitle(f"{phenomenon.id}: {phenomenon.title}", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    plt.close(fig)
    return buf.getvalue()
