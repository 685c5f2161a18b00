"""The parts of a pass rule, each scored from replicate experiments with a 95 % confidence interval.

A phenomenon's read-out (``measure``) turns one replicate experiment (a block of subjects in every
group) into named quantities: per-subject arrays (e.g. each subject's test CR) or scalars (e.g. the
fraction of subjects preferring saccharin). A check turns those quantities into two numbers per
replicate — an *effect* whose sign says whether the published result holds, and a *score* in [0, 1]
saying how well it is reproduced — and the scorecard summarises both over replicates (mean and a
t-interval, :func:`interval`). The pass mark comes from the interval, never from a point estimate.

Scores (the normalised agreement that calibration also minimises):

* :class:`Greater` — the published direction a > b. With a published ratio a/b: agreement of the
  simulated ratio with it, ``exp(−½ (log2(r_sim / r_pub))²)`` (1 when equal, 0.61 a factor of 2
  away). Without one: the effect size in the published direction, the common-language effect size
  rescaled to [0, 1], ``2 Φ(d/√2) − 1`` for Cohen's d > 0 (0 for no effect or the wrong direction;
  0.43 for d = 0.8, a "large" effect; McGraw & Wong 1992), with d that of a against the threshold
  the rule sets, (1 + margin) b + floor × reference: a "2-fold" finding scores 0 at a 1.5-fold
  difference however consistent, so the score never calls a failing rule perfect.
* :class:`AtLeast` — a published "≥" (equal allowed): 1 when a ≥ b, ``1 − (2 Φ(d/√2) − 1)`` for a
  shortfall of d.
* :class:`Within` — a published number x* with a tolerance band [lo, hi]:
  ``exp(−½ ((x − x*) / h)²)`` with h the half-width of the band.
* :class:`Equivalent` — a published null (no difference): ``exp(−½ (Δ / m)²)`` with Δ the
  difference relative to a reference quantity and m the stated margin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

Values = Mapping[str, object]


def mean(x) -> float:
    """Mean of a per-subject array (NaN entries ignored) or a scalar."""
    arr = np.asarray(x, dtype=float)
    return float(np.nanmean(arr)) if arr.ndim else float(arr)


def interval(per_replicate: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): the mean over replicates and its t-interval (NaN replicates dropped;
    a single replicate, or identical ones, give a zero-width interval)."""
    x = np.asarray(per_replicate, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if x.size < 2:
        return m, m, m
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return m, m - half, m + half


def cles(d: float) -> float:
    """Common-language effect size rescaled to [0, 1]: ``2 Φ(d/√2) − 1`` for d > 0, else 0."""
    if not np.isfinite(d):
        return 1.0 if d > 0 else 0.0
    return float(max(0.0, 2.0 * stats.norm.cdf(d / math.sqrt(2.0)) - 1.0))


def cohen_d(a, b) -> float:
    """Cohen's d of two per-subject arrays (pooled SD; ±inf for a difference without spread)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    diff = a.mean() - b.mean()
    sd = math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2.0) if min(a.size, b.size) > 1 else 0.0
    if sd > 0:
        return float(diff / sd)
    return math.copysign(math.inf, diff) if abs(diff) > 1e-12 else 0.0


SHARE = (0.0, 1.0)
"""The domain of a fraction (:attr:`Check.domain`)."""


@dataclass(frozen=True)
class Check:
    """One named part of a pass rule.

    Attributes
    ----------
    name : str
        What it checks, as the report shows it ("ABA > ABC").
    needs : frozenset of str
        Inputs (``remission.models.base.INPUTS``) a model must perceive for the check to apply;
        otherwise it is not applicable to that model.
    domain : (float, float) or None
        The values the effect can take (:data:`SHARE` for a fraction of subjects or choices): its
        interval over replicates is cut to them, since a t-interval around a share near 0 or 1
        reaches values no share can take (0.997 ± 0.005 is not evidence of a share above 1).
    """

    name: str
    needs: frozenset = field(default_factory=frozenset)
    domain: tuple | None = None

    def effect(self, v: Values) -> float:
        """Positive when the published result holds in this replicate (the pass rule's quantity)."""
        raise NotImplementedError

    def score(self, v: Values) -> float:
        """Agreement with the published result in this replicate, in [0, 1]."""
        raise NotImplementedError

    def passes(self, low: float, high: float) -> bool:
        """Whether the effect's interval satisfies the rule (default: it excludes 0 from above)."""
        return bool(low > 0)

    def rule(self) -> str:
        return "effect > 0 (95 % CI)"


@dataclass(frozen=True)
class Greater(Check):
    """``a`` exceeds ``b`` in the published direction: a > (1 + ``margin``) b + ``floor`` ×
    ``reference`` (a relative margin for "several-fold" findings, an absolute floor — a fraction of
    a reference such as the trained response — so that differences around zero do not count),
    scored against a published ratio a/b when the paper gives one."""

    a: str = ""
    b: str = ""
    margin: float = 0.0
    floor: float = 0.0
    reference: str | None = None
    ratio: float | None = None

    def threshold(self, v):
        """What ``a`` must exceed, per subject: (1 + margin) b + floor × |mean reference|."""
        floor = self.floor * abs(mean(v[self.reference])) if self.reference else 0.0
        return (1.0 + self.margin) * np.asarray(v[self.b], dtype=float) + floor

    def effect(self, v):
        return mean(v[self.a]) - mean(self.threshold(v))

    def score(self, v):
        if self.ratio is not None:
            a, b = mean(v[self.a]), mean(v[self.b])
            if a <= 0 or b <= 0:
                return 1.0 if (b <= 0 < a and self.ratio > 1) else 0.0
            return float(math.exp(-0.5 * (math.log2((a / b) / self.ratio)) ** 2))
        # the effect size of the rule's own quantity: a against the margin and floor it must clear,
        # so the score (and a calibration's loss) rises only as the pass rule comes within reach
        return cles(cohen_d(v[self.a], self.threshold(v)))

    def rule(self):
        scale = f"(1 + {self.margin:g}) × {self.b}" if self.margin else self.b
        floor = f" − {self.floor:g} × {self.reference}" if self.reference and self.floor else ""
        return f"{self.a} − {scale}{floor} > 0 (95 % CI)"


@dataclass(frozen=True)
class AtLeast(Check):
    """``a`` is not below ``b`` (a published "≥": equal is fine): passes unless the 95 % CI of
    a − b lies below 0. Score 1 when a ≥ b, falling with the size of a shortfall."""

    a: str = ""
    b: str = ""

    def effect(self, v):
        return mean(v[self.a]) - mean(v[self.b])

    def score(self, v):
        return 1.0 - cles(-cohen_d(v[self.a], v[self.b]))

    def passes(self, low, high):
        return bool(high >= 0)

    def rule(self):
        return f"{self.a} − {self.b} not < 0 (95 % CI upper bound >= 0)"


@dataclass(frozen=True)
class Within(Check):
    """The quantity ``x`` lies in the tolerance band [``low``, ``high``] around the published
    ``target``: the whole 95 % CI inside the band."""

    x: str = ""
    target: float = 0.0
    low: float = -math.inf
    high: float = math.inf

    def effect(self, v):
        return mean(v[self.x])

    def score(self, v):
        half = (self.high - self.low) / 2.0
        x = mean(v[self.x])
        return float(math.exp(-0.5 * ((x - self.target) / half) ** 2)) if np.isfinite(x) else 0.0

    def passes(self, low, high):
        return bool(np.isfinite(low) and self.low <= low and high <= self.high)

    def rule(self):
        return f"{self.x} in [{self.low:g}, {self.high:g}] (95 % CI; published {self.target:g})"


@dataclass(frozen=True)
class Equivalent(Check):
    """No difference: (``a`` − ``b``) / ``reference`` within ±``margin`` (the whole 95 % CI)."""

    a: str = ""
    b: str = ""
    reference: str = ""
    margin: float = 0.2

    def effect(self, v):
        ref = abs(mean(v[self.reference]))
        return (mean(v[self.a]) - mean(v[self.b])) / ref if ref > 0 else math.nan

    def score(self, v):
        e = self.effect(v)
        return float(math.exp(-0.5 * (e / self.margin) ** 2)) if np.isfinite(e) else 0.0

    def passes(self, low, high):
        return bool(np.isfinite(low) and -self.margin < low and high < self.margin)

    def rule(self):
        return f"|{self.a} − {self.b}| / {self.reference} < {self.margin:g} (95 % CI)"
