"""The files a calibration leaves in its folder at the end: tables, figures and the report.

``summary.csv`` (per model: training and held-out score with CIs, k, penalised score),
``scores.csv`` (per model × finding), ``profile.csv`` and ``influence.csv`` (the profiles),
``figures/*.png`` and a self-contained ``report.html`` (:mod:`remission.report.html`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from remission._version import __version__
from remission.calibration import figures
from remission.calibration.compare import PENALTY
from remission.calibration.profile import QUANTILE, influence_rows
from remission.report.html import embed_png, render


def verdicts(result) -> list[str]:
    """One sentence per model comparison and per profile."""
    out = []
    summary = result.summary()
    if not summary.empty and summary["test"].isna().all():
        best = summary.sort_values("train", ascending=False).iloc[0]
        out.append(f"No held-out findings (every finding was trained on): the scores are in-sample. "
                   f"Best training score: {best['model']} ({best['train']:.3f}, 95 % CI "
                   f"[{best['train_low']:.3f}, {best['train_high']:.3f}], "
                   f"{best['train_passed']}/{best['train_n']} passed).")
    elif not summary.empty:
        best = summary.sort_values("rank").iloc[0]
        out.append(f"Best penalised held-out score: {best['model']} ({best['test']:.3f}, 95 % CI "
                   f"[{best['test_low']:.3f}, {best['test_high']:.3f}], k = {best['k']}, "
                   f"λ = {PENALTY} per parameter).")
    out += [p.verdict() for p in result.profiles.values()]
    return out


def write_outputs(result, out: Path, report: bool = True) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = result.summary()
    summary.to_csv(out / "summary.csv", index=False)
    result.table().to_csv(out / "scores.csv", index=False)
    prof_rows = [r for p in result.profiles.values() for r in p.rows()]
    if prof_rows:
        pd.DataFrame(prof_rows).to_csv(out / "profile.csv", index=False)
        pd.DataFrame(influence_rows(result.profiles)).to_csv(out / "influence.csv", index=False)
    (out / "verdict.txt").write_text("\n".join(verdicts(result)) + "\n")
    if not report:
        return
    figs = {}
    if not summary.empty:
        figs["scores"] = figures.scores_figure(summary)
    if result.fits:
        figs["history"] = figures.history_figure(result.fits)
    for m, p in result.profiles.items():
        figs[f"profile_{m}"] = figures.profile_figure(p)
    (out / "figures").mkdir(exist_ok=True)
    for name, png in figs.items():
        (out / "figures" / f"{name}.png").write_bytes(png)
    html = render("calibration.html", version=__version__, config=result.config,
                  generated=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  seconds=result.seconds, summary=summary.to_dict("records"),
                  table=result.table().to_dict("records"), verdicts=verdicts(result),
                  profiles=[{"model": m, "parameter": p.parameter, "rows": p.rows(),
                             "verdict": p.verdict(), "influence": p.influence,
                             "bandwidth": p.posterior.bandwidth if p.posterior else None}
                            for m, p in result.profiles.items()],
                  figures={k: embed_png(v) for k, v in figs.items()}, penalty=PENALTY,
                  quantile=QUANTILE)
    (out / "report.html").write_text(html)
