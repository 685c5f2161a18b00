"""Parameter specifications and resolution of user-given parameter values.

A model declares each parameter once, as a :class:`ParamSpec` (name, bounds, default, prior);
simulation, likelihood and fitting all read that single declaration.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from remission.errors import RemissionError, unknown_name
from remission.params.population import Population


@dataclass(frozen=True)
class ParamSpec:
    """One model parameter.

    Parameters
    ----------
    name : str
        Parameter name, as used in ``params=`` dictionaries and result tables.
    default : float
        Value used when the user gives none.
    lower, upper : float
        Closed bounds; ``-inf``/``inf`` for unbounded sides.
    prior : tuple of float, optional
        ``(mean, sd)`` of a normal prior on the *unconstrained* scale (see :meth:`to_unconstrained`).
        Hierarchical fits use it as the prior of the group mean. Default: centred on the default
        value, ``(to_unconstrained(default), 1.5)``, a weakly informative prior whose median is the
        default (centred at 0 when the default sits on a bound).
    doc : str
        One line saying what the parameter does.
    fit : bool
        Whether fitting estimates it (False: held at its default, e.g. an initial weight).
    """

    name: str
    default: float
    lower: float = -math.inf
    upper: float = math.inf
    prior: tuple[float, float] | None = None
    doc: str = ""
    fit: bool = True

    def __post_init__(self) -> None:
        if not self.lower <= self.default <= self.upper:
            raise ValueError(f"default of {self.name} outside its bounds")
        if self.prior is None:
            at_bound = self.default in (self.lower, self.upper)
            centre = 0.0 if at_bound else float(self.to_unconstrained(self.default))
            object.__setattr__(self, "prior", (round(centre, 6), 1.5))

    @property
    def transform(self) -> str:
        """Bijection from the real line: ``logit`` (two finite bounds), ``log`` (lower only), ``identity``."""
        if math.isfinite(self.lower) and math.isfinite(self.upper):
            return "logit"
        if math.isfinite(self.lower):
            return "log"
        if math.isfinite(self.upper):
            return "neglog"
        return "identity"

    def to_constrained(self, u):
        """Map an unconstrained real ``u`` into the bounds (numpy in, numpy out; JAX in, JAX out)."""
        jnp = _array_module(u)
        t = self.transform
        if t == "logit":
            return self.lower + (self.upper - self.lower) * jnp.clip(
                1.0 / (1.0 + jnp.exp(-u)), 1e-12, 1 - 1e-12
            )
        if t == "log":
            return self.lower + jnp.exp(u)
        if t == "neglog":
            return self.upper - jnp.exp(u)
        return u

    def to_unconstrained(self, x):
        """Inverse of :meth:`to_constrained`."""
        jnp = _array_module(x)
        t = self.transform
        if t == "logit":
            p = jnp.clip((x - self.lower) / (self.upper - self.lower), 1e-9, 1 - 1e-9)
            return jnp.log(p) - jnp.log1p(-p)
        if t == "log":
            return jnp.log(jnp.maximum(x - self.lower, 1e-12))
        if t == "neglog":
            return jnp.log(jnp.maximum(self.upper - x, 1e-12))
        return x

    def check(self, values: np.ndarray, where: str = "params") -> None:
        """Refuse values outside the bounds or not finite, naming the parameter and the valid range."""
        values = np.asarray(values, dtype=float)
        bad = ~np.isfinite(values) | (values < self.lower) | (values > self.upper)
        if bad.any():
            first = float(values.ravel()[np.argmax(bad.ravel())])
            raise RemissionError(
                f"{where}.{self.name} = {first!r} is out of bounds: valid values lie in "
                f"[{self.lower}, {self.upper}] ({self.doc or 'see the model docstring'})."
            )


def _array_module(x):
    """``jax.numpy`` for JAX arrays and tracers, ``numpy`` otherwise (so numpy values keep float64)."""
    import jax

    if isinstance(x, jax.Array):
        import jax.numpy as jnp

        return jnp
    return np


def resolve_params(
    specs: Sequence[ParamSpec],
    params: Mapping | None,
    n_subjects: int,
    model_name: str,
    subject_ids: np.ndarray | None = None,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Turn user parameters into one float64 array of length ``n_subjects`` per parameter.

    ``params`` may map names to scalars (shared by all subjects), arrays (one value per subject) or
    be a :class:`remission.Population` (drawn per subject, reproducibly from ``seed`` and the subject
    id). Missing names take the spec default. Unknown names and out-of-bounds values are refused
    before anything is compiled.
    """
    by_name = {s.name: s for s in specs}
    ids = np.arange(n_subjects) if subject_ids is None else np.asarray(subject_ids)
    if isinstance(params, Population):
        params = params.sample(ids, seed=seed, specs=by_name, model_name=model_name)
    params = dict(params or {})
    for name in params:
        if name not in by_name:
            raise unknown_name(f"parameter of model {model_name!r}", name, by_name)
    out: dict[str, np.ndarray] = {}
    for spec in specs:
        value = params.get(spec.name, spec.default)
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise RemissionError(
                f"params.{spec.name} = {value!r} is not a number or an array of numbers."
            ) from None
        if arr.ndim == 0:
            arr = np.full(n_subjects, float(arr))
        elif arr.shape != (n_subjects,):
            raise RemissionError(
                f"params.{spec.name} has shape {arr.shape}; give a scalar or one value per subject "
                f"(shape ({n_subjects},))."
            )
        spec.check(arr, where="params")
        out[spec.name] = arr
    return out
