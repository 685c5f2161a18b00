r"""Operational definitions: dependence onset, remission and relapse from simulated weekly use.

A life is a boolean sequence :math:`u_t` (the drug chosen in week :math:`t`). With
:math:`W = 52` weeks (one year) and :math:`c_t = \sum_{s=t-W+1}^{t} u_s` the use weeks of the
trailing year:

* **dependence onset** :math:`t_0` is the first week with :math:`c_t \ge 26`: a sustained
  heavy-use period, use in at least half the weeks of one year (DSM-IV dependence: criteria
  clustering within one 12-month period; American Psychiatric Association 2000, DSM-IV-TR p. 197;
  NESARC dates onset by the first such year, Lopez-Quintero et al. 2011, Addiction 106:657,
  Methods — the text of the Methods was not verified here);
* **remission** starts in the first week :math:`r > t_0` that begins :math:`W` weeks with at most
  4 weeks of use (DSM-IV-TR "sustained full remission": 12 months or longer without meeting
  criteria, p. 196; the occasional lapse is allowed, sustained use is not) and in which the drug
  was offered in at least half the weeks (a year spent in detoxification or residential treatment
  is abstinence "in a controlled environment", DSM-IV-TR p. 196, not remission). It is observed only
  when those :math:`W` weeks lie inside the life; otherwise the time to remission is censored at
  :math:`T - W - t_0`;
* **relapse** after remission is the first week after the remission year (from :math:`r + W`)
  with :math:`c_t \ge 26` again, censored at the end of the life.

Times are reported in years (52 weeks). These functions are pure NumPy so the phenomenon cell
(:mod:`remission.phenomena.remission_epidemiology`) and the life-course analysis
(:mod:`remission.lifecourse`) use the same ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOW = 52
ONSET_WEEKS = 26
REMISSION_LAPSES = 4
WEEKS_PER_YEAR = 52.0


def _first(mask: np.ndarray) -> np.ndarray:
    """Index of the first True along axis 1 (-1 when none)."""
    hit = mask.any(axis=1)
    return np.where(hit, mask.argmax(axis=1), -1)


def life_events(use: np.ndarray, offered: np.ndarray | None = None) -> pd.DataFrame:
    """Per life: onset, remission and relapse weeks and the survival times (years) with events.

    Parameters
    ----------
    use : (subjects, weeks) array of bool
        Weekly use.
    offered : (weeks,) or (subjects, weeks) array of bool, optional
        Weeks in which the drug was available (default: every week).

    Returns
    -------
    DataFrame
        ``dependent`` (onset observed), ``onset``, ``remission`` (start week, -1 if none),
        ``time`` and ``remitted`` (years from onset to remission, event flag; lives with onset too
        late for a year's follow-up are marked ``dependent`` but ``at_risk`` False), ``relapse``
        (week, -1), ``relapse_time`` and ``relapsed`` (years from the end of the remission year).
    """
    u = np.asarray(use, bool)
    n, T = u.shape
    c = np.concatenate([np.zeros((n, 1), np.int64), np.cumsum(u, axis=1)], axis=1)  # c[:, t] = Σ_{<t}
    trailing = c[:, 1:] - c[:, np.maximum(np.arange(1, T + 1) - WINDOW, 0)]          # Σ_{t-W+1..t}
    heavy = trailing >= ONSET_WEEKS
    onset = _first(heavy)
    starts = np.arange(T - WINDOW + 1)
    ahead = c[:, starts + WINDOW] - c[:, starts]                                   # Σ_{s..s+W-1}
    weeks = np.arange(T)
    free = np.ones((n, T), bool) if offered is None else np.broadcast_to(np.asarray(offered, bool), (n, T))
    f = np.concatenate([np.zeros((n, 1), np.int64), np.cumsum(free, axis=1)], axis=1)
    at_liberty = (f[:, starts + WINDOW] - f[:, starts]) >= WINDOW // 2
    ok = ((ahead <= REMISSION_LAPSES) & at_liberty & (starts[None, :] > onset[:, None])
          & (onset[:, None] >= 0))
    remission = _first(ok)
    dependent = onset >= 0
    at_risk = dependent & (onset < T - WINDOW)
    remitted = remission >= 0
    end = np.where(remitted, remission, T - WINDOW)
    time = np.where(at_risk, (end - onset) / WEEKS_PER_YEAR, np.nan)
    back = remission + WINDOW
    again = heavy & (weeks[None, :] >= back[:, None]) & remitted[:, None]
    relapse = _first(again)
    relapsed = relapse >= 0
    relapse_time = np.where(remitted & (back < T),
                            (np.where(relapsed, relapse, T) - back) / WEEKS_PER_YEAR, np.nan)
    return pd.DataFrame({
        "dependent": dependent, "at_risk": at_risk, "onset": onset, "remission": remission,
        "time": time, "remitted": remitted & at_risk, "relapse": relapse,
        "relapse_time": relapse_time, "relapsed": relapsed & remitted,
    })


def product_limit(time: np.ndarray, event: np.ndarray, grid: np.ndarray) -> np.ndarray:
    r"""Kaplan–Meier survival :math:`\hat S(t) = \prod_{t_i \le t} (1 - d_i / n_i)` on ``grid``
    (Kaplan & Meier 1958, J Am Stat Assoc 53:457), by hand (the cell's estimator; the
    analysis uses lifelines and a test checks they agree)."""
    time, event = np.asarray(time, float), np.asarray(event, bool)
    keep = np.isfinite(time)
    time, event = time[keep], event[keep]
    times = np.unique(time[event])
    s, surv = 1.0, []
    steps = []
    for t in times:
        at_risk = np.sum(time >= t)
        s *= 1.0 - np.sum((time == t) & event) / at_risk
        steps.append(s)
    steps = np.asarray(steps)
    idx = np.searchsorted(times, grid, side="right") - 1
    surv = np.where(idx >= 0, steps[np.maximum(idx, 0)] if len(steps) else 1.0, 1.0)
    return surv


def median_time(time: np.ndarray, event: np.ndarray) -> float:
    """Smallest event time at which the product-limit survival is ≤ 0.5 (inf if never)."""
    t = np.unique(np.asarray(time, float)[np.asarray(event, bool)])
    if len(t) == 0:
        return float("inf")
    s = product_limit(time, event, t)
    below = np.nonzero(s <= 0.5)[0]
    return float(t[below[0]]) if len(below) else float("inf")
