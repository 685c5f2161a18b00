"""The design report: the chosen design as a timeline, power curves, and the read-outs where the
hypotheses differ most (why the design discriminates). Figures are matplotlib PNGs embedded in
one self-contained HTML page (:func:`remission.report.html.render`, template ``design.html``)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from remission._version import __version__
from remission.protocols import Protocol
from remission.report.figures import pyplot
from remission.report.html import embed_png, render
from remission.designer.simulate import Pool

KIND_COLOURS = {"self_administration": "#c62828", "fade": "#ef6c00", "retrieval": "#6a1b9a",
                "extinction": "#1565c0", "test": "#2e7d32"}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    pyplot().close(fig)
    return buf.getvalue()


def phase_rows(protocol: Protocol) -> list[dict]:
    """Start (days), duration, context and kind of each phase."""
    rows, end = [], 0.0
    for i, p in enumerate(protocol.phases):
        start = end + (p.gap_before.minutes if i else 0.0)
        end = start + (p.sessions - 1) * p.session_interval.minutes + p.steps_per_session * p.step_minutes
        kind = next((k for k in KIND_COLOURS if p.name.startswith(k)), "extinction")
        rows.append({"phase": p.name, "kind": kind, "context": p.context, "sessions": p.sessions,
                     "start_day": start / 1440, "end_day": end / 1440, "gap": str(p.gap_before),
                     "interventions": ", ".join(f"{iv.kind} {iv.magnitude:g}" for iv in p.interventions)})
    return rows


def timeline_figure(protocol: Protocol) -> bytes:
    """Phases on a time axis (days), coloured by kind, labelled with their context."""
    plt = pyplot()
    rows = phase_rows(protocol)
    fig, ax = plt.subplots(figsize=(9, 1.9))
    for r in rows:
        width = max(r["end_day"] - r["start_day"], 0.35)
        ax.broken_barh([(r["start_day"], width)], (0, 1), color=KIND_COLOURS[r["kind"]], alpha=0.85)
        ax.text(r["start_day"] + width / 2, 1.15, f"{r['phase']} ({r['context']})", ha="center",
                va="bottom", fontsize=7, rotation=30)
    ax.set_yticks([])
    ax.set_ylim(0, 2.6)
    ax.set_xlabel("days from the first session")
    ax.set_title(protocol.name, fontsize=9)
    return _png(fig)


def power_figure(table: pd.DataFrame, target: float = 0.9) -> bytes:
    """Probability of the correct conclusion against subjects per group, one line per design."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, rows in table.groupby("design", sort=False):
        ax.errorbar(rows["n"], rows["p_correct"], yerr=1.96 * rows["se"], fmt="o-", capsize=2,
                    label=label, lw=2 if label.startswith("designed") else 1)
    ax.axhline(target, color="#555", ls="--", lw=0.8)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("subjects per group")
    ax.set_ylabel("P(correct conclusion)")
    ax.set_ylim(0.3, 1.02)
    ax.legend(fontsize=7)
    return _png(fig)


def differences(pool: Pool, group: str = "design") -> pd.DataFrame:
    """Per session: each hypothesis's mean responding and the standardised difference between the
    first two hypotheses (Cohen's d with the pooled SD), largest |d| first."""
    v = pool.values[group]
    lay = pool.layouts[group]
    counts: dict[int, int] = {}
    labels = []
    for ph in lay.phase:
        labels.append(f"{lay.phase_names[ph]}[{counts.get(ph, 0)}]")
        counts[ph] = counts.get(ph, 0) + 1
    mean = v.mean(axis=1)
    sd = np.sqrt(0.5 * (v[0].var(axis=0, ddof=1) + v[1].var(axis=0, ddof=1)))
    d = (mean[0] - mean[1]) / np.where(sd > 0, sd, np.nan)
    table = pd.DataFrame({"session": labels, **{h: mean[k] for k, h in enumerate(pool.hypotheses)},
                          "cohens_d": d})
    return table.iloc[np.argsort(-np.abs(np.nan_to_num(d)), kind="stable")].reset_index(drop=True)


def readout_figure(pool: Pool, group: str = "design") -> bytes:
    """Mean responding per session under each hypothesis (± 1 SD across subjects)."""
    plt = pyplot()
    v = pool.values[group]
    x = np.arange(v.shape[2])
    fig, ax = plt.subplots(figsize=(8, 3.5))
    for k, h in enumerate(pool.hypotheses):
        m, s = v[k].mean(axis=0), v[k].std(axis=0)
        ax.plot(x, m, "o-", ms=3, label=h)
        ax.fill_between(x, m - s, m + s, alpha=0.2)
    lay = pool.layouts[group]
    starts = [int(np.flatnonzero(lay.phase == i)[0]) for i in range(len(lay.phase_names))]
    for s, name in zip(starts, lay.phase_names):
        ax.axvline(s - 0.5, color="#bbb", lw=0.6)
        ax.text(s - 0.4, ax.get_ylim()[1], name, fontsize=6, rotation=90, va="top")
    ax.set_xlabel("session")
    ax.set_ylabel("drug-lever presses (CR in Pavlovian sessions)")
    ax.legend(fontsize=7)
    return _png(fig)


def write_report(path, protocol: Protocol, power: pd.DataFrame, pool: Pool, needed: Mapping,
                 best: Mapping, settings: Mapping, hypotheses: Sequence[str], seconds: float,
                 target: float = 0.9) -> str:
    """Render the design report to ``path``; returns the HTML."""
    diff = differences(pool)
    html = render(
        "design.html", version=__version__, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        protocol=protocol, phases=phase_rows(protocol), best=best, settings=settings,
        hypotheses=hypotheses, needed=needed, target=target, seconds=seconds,
        power=power.to_dict("records"), differences=diff.head(8).to_dict("records"),
        hyp_names=list(pool.hypotheses),
        figures={"timeline": embed_png(timeline_figure(protocol)),
                 "power": embed_png(power_figure(power, target)),
                 "readouts": embed_png(readout_figure(pool))})
    with open(path, "w") as fh:
        fh.write(html)
    return html
