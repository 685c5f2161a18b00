"""Figures of a calibration (matplotlib, Agg; PNG bytes): scores per model, the loss history and
the profile of the erasure parameter with its ABC posterior."""

from __future__ import annotations

import io
import math

import numpy as np

from remission.report.figures import pyplot

TRAIN, TEST = "#90a4ae", "#1565c0"


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    pyplot().close(fig)
    return buf.getvalue()


def _err(mid, lo, hi):
    mid, lo, hi = (np.asarray(a, float) for a in (mid, lo, hi))
    return np.nan_to_num(np.vstack([mid - lo, hi - mid]), nan=0.0).clip(min=0)


def scores_figure(summary) -> bytes:
    """Training and held-out score (95 % CI) per model."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(1.6 + 1.3 * len(summary), 3.4))
    x = np.arange(len(summary))
    ax.bar(x - 0.2, summary["train"], 0.4, yerr=_err(summary["train"], summary["train_low"],
           summary["train_high"]), color=TRAIN, label="training (fresh seed)", capsize=3)
    ax.bar(x + 0.2, summary["test"], 0.4, yerr=_err(summary["test"], summary["test_low"],
           summary["test_high"]), color=TEST, label="held-out", capsize=3)
    ax.set_xticks(x, summary["model"], rotation=20, ha="right")
    ax.set_ylim(0, 1)
    ax.set_ylabel("mean normalised score")
    ax.legend(frameon=False, fontsize=8)
    return _png(fig)


def history_figure(fits) -> bytes:
    """Best loss so far against evaluations, per model."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.2))
    for m, fit in fits.items():
        losses = [v for gen in fit.trace.generations for v in gen]
        ax.plot(np.arange(1, len(losses) + 1), np.minimum.accumulate(losses), label=m)
    ax.set_xlabel("evaluations")
    ax.set_ylabel("best training loss")
    ax.legend(frameon=False, fontsize=8)
    return _png(fig)


def profile_figure(prof) -> bytes:
    """Held-out and training score against the profiled parameter, and the ABC posterior."""
    plt = pyplot()
    rows = prof.rows()
    v = np.asarray([r["value"] for r in rows], float)
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.2))
    for key, colour, label in (("train", TRAIN, "training"), ("test", TEST, "held-out")):
        mid = [r[key] for r in rows]
        a.errorbar(v, mid, yerr=_err(mid, [r[f"{key}_low"] for r in rows], [r[f"{key}_high"] for r in rows]),
                   marker="o", color=colour, label=label, capsize=3)
    log = prof.posterior.log_axis if prof.posterior else prof.parameter != "epsilon"
    for ax in (a, b):
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(prof.parameter)
    a.set_ylabel("mean normalised score")
    a.set_ylim(0, 1)
    a.legend(frameon=False, fontsize=8)
    a.set_title(f"{prof.model}: profile", fontsize=9)
    if prof.posterior is not None:
        p = prof.posterior
        b.plot(p.values, p.weights, marker="o", color="#6a1b9a")
        b.axvspan(p.low, p.high, color="#6a1b9a", alpha=0.15, label="90 % interval")
        b.axvline(p.mean, color="#6a1b9a", ls="--", lw=1)
        b.legend(frameon=False, fontsize=8)
    b.set_ylabel("ABC posterior weight")
    b.set_title("approximate posterior (kernel ABC)", fontsize=9)
    return _png(fig)


def finite(x) -> float:
    return x if x is not None and isinstance(x, float) and math.isfinite(x) else math.nan
