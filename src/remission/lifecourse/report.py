"""The life-course report: survival figures (matplotlib, embedded PNG) in one self-contained page."""

from __future__ import annotations

import io
import math

import numpy as np

from remission._version import __version__
from remission.lifecourse.analysis import Analysis
from remission.lifecourse.targets import LIFETIME_YEARS, NESARC, SOURCE
from remission.phenomena import life_events
from remission.report.figures import pyplot
from remission.report.html import embed_png, render

DEFINITIONS = (
    f"Dependence onset: the first week whose trailing {life_events.WINDOW} weeks hold at least "
    f"{life_events.ONSET_WEEKS} weeks of use (a year of sustained use; DSM-IV: criteria within one "
    f"12-month period). Remission: starts in the first later week that begins {life_events.WINDOW} "
    f"weeks with at most {life_events.REMISSION_LAPSES} weeks of use (DSM-IV-TR sustained full "
    "remission: 12 months without criteria) and in which the drug was offered at least half the "
    "time (a year in the clinic is abstinence in a controlled environment); censored when the life ends before such a year can be "
    "observed. Relapse: dependence again after the remission year.")


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72, bbox_inches="tight")
    pyplot().close(fig)
    return embed_png(buf.getvalue())


def remission_figure(a: Analysis, substance: str | None) -> str:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    for arm, g in a.curves[a.curves["outcome"] == "remission"].groupby("arm", sort=False):
        ax.step(g["years"], g["cumulative"], where="post", label=arm)
        ax.fill_between(g["years"], g["cumulative_low"], g["cumulative_high"], step="post", alpha=0.15)
    if substance in NESARC:
        t = NESARC[substance]
        ax.plot([t.median_years], [0.5], "ks", label=f"NESARC {substance} median")
        ax.plot([LIFETIME_YEARS], [t.lifetime], "k^", label=f"NESARC {substance} lifetime")
    ax.set_xlabel("years since dependence onset")
    ax.set_ylabel("cumulative probability of remission")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    return _png(fig)


def hazard_figure(a: Analysis) -> str:
    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    for arm, g in a.hazard.groupby("arm", sort=False):
        ok = g["at_risk"] >= 10
        ax1.plot(g.loc[ok, "year"], g.loc[ok, "hazard"], marker="o", ms=3, label=arm)
    ax1.set_xlabel("years since onset")
    ax1.set_ylabel("yearly hazard of remission")
    ax1.legend(fontsize=8)
    rel = a.curves[a.curves["outcome"] == "relapse"]
    for arm, g in rel.groupby("arm", sort=False):
        ax2.step(g["years"], g["cumulative"], where="post", label=arm)
    ax2.set_xlabel("years after the remission year")
    ax2.set_ylabel("cumulative probability of relapse")
    ax2.legend(fontsize=8)
    return _png(fig)


def paths_figure(table) -> str | None:
    if "drug_trace_remission" not in table:
        return None
    kept = (table["drug_trace_remission"] / table["drug_trace_peak"]).to_numpy()
    kept = kept[np.isfinite(kept)]
    if len(kept) == 0:
        return None
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(kept, bins=40, color="#6d4c41")
    ax.axvline(0.5, color="k", ls="--", lw=1)
    ax.set_xlabel("drug trace at remission / its peak (≤ 0.5: erased)")
    ax.set_ylabel("remitters")
    return _png(fig)


def use_figure(a: Analysis) -> str:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3))
    for arm, row in a.use_by_year.iterrows():
        ax.plot(np.arange(len(row)), row.to_numpy(), label=arm)
    ax.set_xlabel("year of life since first use")
    ax.set_ylabel("share of weeks with use")
    ax.legend(fontsize=8)
    return _png(fig)


def fit_figure(fits) -> str | None:
    if not fits:
        return None
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    for f in fits:
        if f.curve is None:
            continue
        sf = f.curve.survival_function_
        line, = ax.step(sf.index, 1.0 - sf.iloc[:, 0], where="post", label=f"{f.substance} fitted")
        ax.plot([f.target_median, LIFETIME_YEARS], [0.5, f.target_lifetime], "s", ms=8,
                color=line.get_color(), mec="k", label=f"{f.substance} NESARC")
    ax.set_xlabel("years since dependence onset")
    ax.set_ylabel("cumulative probability of remission")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    return _png(fig)


def _records(df):
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in df.to_dict("records")]


def render_report(a: Analysis, config: dict, table, fits=(), population: str = "model default") -> str:
    """The HTML page of one life-course run (``fits``: :class:`~remission.lifecourse.calibrate.DrugFit`)."""
    substance = config.get("paradigm", {}).get("substance", "cocaine")
    fit_rows = [{"substance": f.substance, "params": {k: round(v, 3) for k, v in f.params.items()},
                 "median": f.median_years, "target_median": f.target_median,
                 "cumulative40": f.cumulative40, "target_lifetime": f.target_lifetime,
                 "meets": f.meets, "evaluations": f.evaluations} for f in fits]
    return render(
        "lifecourse.html", model=config["model"], n_subjects=config["n_subjects"],
        years=config["weeks"] // 52, seed=config["seed"], arms=config["arms"],
        population=population, version=__version__, definitions=DEFINITIONS,
        fig_remission=remission_figure(a, substance), fig_hazard=hazard_figure(a),
        fig_paths=paths_figure(table), fig_use=use_figure(a), fig_fit=fit_figure(list(fits)),
        summary=_records(a.summary), summary_columns=list(a.summary.columns),
        cox=_records(a.cox), paths=_records(a.paths), paths_columns=list(a.paths.columns),
        verdict=a.verdict["text"], fits=fit_rows,
        targets_source=SOURCE + " (table/figure numbers not verified; see remission.lifecourse.targets)")
