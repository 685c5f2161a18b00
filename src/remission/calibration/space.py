"""The search space of a calibration: a model's population on the unconstrained scale.

A candidate is a real vector ``x``. Its first entries are the population *means* of the model's
free parameters (``ParamSpec.fit``; those not held at a given value), each on its parameter's own
unconstrained scale (``ParamSpec.transform``: logit for a bounded parameter, log for a positive
one), so any ``x`` is a valid population and the optimiser never meets a bound of the model. The
last entry, when spreads are fitted, is ``log s``, one scale shared by the model's individual
differences: a parameter the model's default population spreads with standard deviation σ_j
(``Model.spread``, :data:`remission.models.base.POPULATION_SPREAD`) spreads with ``s·σ_j``. A
single scale keeps the shared relative convention of individual differences (every model alike)
and costs one dimension, not one per parameter.

The population of ``x`` (docs/ARCHITECTURE.md, "Populations"):

    θ_ij = T_j⁻¹( x_j + s σ_j z_ij ),     z_ij ~ N(0, 1) keyed by (seed, parameter j, subject i)

with T_j the parameter's transform; parameters without a spread are given ``T_j⁻¹(x_j)`` exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from remission import models as model_registry
from remission.errors import RemissionError, unknown_name
from remission.params import Fixed, Population, Spread

SPREAD = "spread_scale"
"""Name of the shared log-scale of individual differences in a candidate vector."""

WIDTH = 3.0
"""Search box: each mean within ``WIDTH`` prior standard deviations of the prior mean (on the
unconstrained scale; ParamSpec.prior, default sd 1.5, so ±4.5 logits), ``log s`` in [log 0.1, log 3]."""


@dataclass(frozen=True)
class Space:
    """What a calibration of ``model`` searches over.

    Attributes
    ----------
    model : str
        Registered model name.
    names : tuple of str
        Free parameters whose population means are fitted, in vector order.
    fixed : mapping
        Values given to every subject (a preset's values, a profiled ε).
    fit_spread : bool
        Whether the last entry is the shared log spread scale.
    """

    model: str
    names: tuple[str, ...]
    fixed: Mapping[str, float] = field(default_factory=dict)
    fit_spread: bool = True

    @classmethod
    def of(cls, model: str, fixed: Mapping[str, float] | None = None, free: Sequence[str] | None = None,
           fit_spread: bool = True) -> "Space":
        """The space of ``model``'s free parameters (or the subset ``free``), minus ``fixed``."""
        mdl = model_registry.get(model)
        fixed = {k: float(v) for k, v in (fixed or {}).items()}
        for k, v in fixed.items():
            if k not in mdl.param_names:
                raise unknown_name(f"parameter of model {mdl.name!r}", k, mdl.param_names)
            mdl.spec(k).check(np.asarray([v]), where="fixed")
        names = list(mdl.free if free is None else free)
        for k in names:
            if k not in mdl.free:
                raise RemissionError(f"free parameter {k!r} of model {mdl.name!r} is not free; "
                                     f"its free parameters: {', '.join(mdl.free)}")
        names = tuple(k for k in names if k not in fixed)
        spread = fit_spread and any(k in mdl.param_names and k not in fixed for k in mdl.spread)
        return cls(mdl.name, names, dict(fixed), bool(spread))

    @property
    def dim(self) -> int:
        return len(self.names) + int(self.fit_spread)

    @property
    def labels(self) -> list[str]:
        return list(self.names) + ([SPREAD] if self.fit_spread else [])

    def _specs(self):
        mdl = model_registry.get(self.model)
        return mdl, [mdl.spec(k) for k in self.names]

    def x0(self) -> np.ndarray:
        """Start: the model's default population (defaults on the unconstrained scale, the prior
        mean for a default on a bound; spread scale 1)."""
        mdl, specs = self._specs()
        start = [s.prior[0] if s.default in (s.lower, s.upper) else float(s.to_unconstrained(s.default))
                 for s in specs]
        return np.asarray(start + ([0.0] if self.fit_spread else []), float)

    def bounds(self) -> tuple[list[float], list[float]]:
        """Lower and upper corners of the search box (see :data:`WIDTH`)."""
        _, specs = self._specs()
        lo = [s.prior[0] - WIDTH * s.prior[1] for s in specs]
        hi = [s.prior[0] + WIDTH * s.prior[1] for s in specs]
        x0 = self.x0()
        lo = [min(a, x) for a, x in zip(lo, x0)]
        hi = [max(b, x) for b, x in zip(hi, x0)]
        if self.fit_spread:
            lo.append(math.log(0.1))
            hi.append(math.log(3.0))
        return lo, hi

    def values(self, x) -> dict[str, float]:
        """The population means (constrained scale) and the spread scale of ``x``."""
        _, specs = self._specs()
        x = np.asarray(x, float)
        out = {s.name: float(s.to_constrained(x[i])) for i, s in enumerate(specs)}
        if self.fit_spread:
            out[SPREAD] = float(math.exp(x[-1]))
        return out

    def population(self, x) -> Population:
        """The :class:`~remission.params.Population` of candidate ``x`` (see module docstring)."""
        mdl, _ = self._specs()
        vals = self.values(x)
        scale = vals.pop(SPREAD, 1.0)
        dists: dict[str, object] = {}
        for name, sd in mdl.spread.items():
            if name in mdl.param_names and name not in self.fixed:
                centre = vals.get(name)
                dists[name] = Spread(centre=centre, sd=float(sd) * scale)
        for name, v in vals.items():
            if name not in dists:
                dists[name] = Fixed(value=v)
        dists.update({k: Fixed(value=v) for k, v in self.fixed.items()})
        return Population(dists)
