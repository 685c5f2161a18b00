"""Populations of subjects: per-parameter distributions for individual differences.

A :class:`Population` maps parameter names to distributions. Subject ``i`` draws its values from a
random stream keyed by ``(seed, parameter name, i)`` only, so a subject's parameters (and hence its
whole trajectory) are the same whether it is simulated alone, in a batch, or on another machine.
Draws falling outside a parameter's bounds are clipped to the bounds (a truncated distribution).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal, Union

import jax
import jax.numpy as jnp
import numpy as np
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from remission._help import ShortHelpMeta
from remission.errors import RemissionError, read_toml, unknown_name


class _Dist(BaseModel, metaclass=ShortHelpMeta):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Dist):
    """Every subject has the same value."""

    kind: Literal["fixed"] = "fixed"
    value: float

    def draw(self, key, n):
        return jnp.full((n,), self.value)


class Normal(_Dist):
    """Normal(mean, sd)."""

    kind: Literal["normal"] = "normal"
    mean: float
    sd: float = Field(ge=0)

    def draw(self, key, n):
        return self.mean + self.sd * jax.random.normal(key, (n,))


class LogNormal(_Dist):
    """exp(Normal(mu, sigma)): positive, right-skewed (e.g. drug sensitivity)."""

    kind: Literal["lognormal"] = "lognormal"
    mu: float
    sigma: float = Field(ge=0)

    def draw(self, key, n):
        return jnp.exp(self.mu + self.sigma * jax.random.normal(key, (n,)))


class Beta(_Dist):
    """Beta(a, b) rescaled to [low, high] (default [0, 1]): rates, shares such as ε."""

    kind: Literal["beta"] = "beta"
    a: float = Field(gt=0)
    b: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    def draw(self, key, n):
        return self.low + (self.high - self.low) * jax.random.beta(key, self.a, self.b, (n,))


class Spread(_Dist):
    """Normal on the parameter's own unconstrained scale (``ParamSpec.transform``: logit for a
    bounded parameter, log for a positive one), centred on ``centre`` (default: the model's default
    value) with standard deviation ``sd`` there: the shared convention for individual differences
    (``Model.population``) and what calibration fits (a population mean and spread per parameter)."""

    kind: Literal["spread"] = "spread"
    centre: float | None = None
    sd: float = Field(ge=0)

    def draw(self, key, n):
        return jax.random.normal(key, (n,))  # z-scores; Population.sample maps them through the spec

    def values(self, z, spec):
        centre = spec.default if self.centre is None else self.centre
        return np.asarray(spec.to_constrained(spec.to_unconstrained(np.float64(centre)) + self.sd * z))


class Mixture(_Dist):
    """A mixture of components with the given weights (e.g. a vulnerable minority)."""

    kind: Literal["mixture"] = "mixture"
    weights: list[float]
    components: list[Annotated[Union[Fixed, Normal, LogNormal, Beta], Field(discriminator="kind")]]

    @model_validator(mode="after")
    def _check(self):
        if len(self.weights) != len(self.components) or not self.components:
            raise ValueError("mixture needs one weight per component")
        if any(w < 0 for w in self.weights) or not np.isclose(sum(self.weights), 1.0):
            raise ValueError(f"mixture weights {self.weights} must be >= 0 and sum to 1")
        return self

    def draw(self, key, n):
        k_pick, *k_comp = jax.random.split(key, len(self.components) + 1)
        cum = jnp.cumsum(jnp.asarray(self.weights))
        pick = jnp.searchsorted(cum, jax.random.uniform(k_pick, (n,)) * cum[-1])
        draws = jnp.stack([c.draw(k, n) for c, k in zip(self.components, k_comp)])
        return jnp.take_along_axis(draws, jnp.minimum(pick, len(self.components) - 1)[None], 0)[0]


Distribution = Annotated[Union[Fixed, Normal, LogNormal, Beta, Spread, Mixture],
                         Field(discriminator="kind")]


class Population(BaseModel, metaclass=ShortHelpMeta):
    """Per-parameter distributions of a population of subjects.

    Parameters not named take the model's default (or a fixed value given as a float).

    Examples
    --------
    >>> pop = Population(params={"eta": Beta(a=2, b=8), "beta": LogNormal(mu=1.0, sigma=0.3)})
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    params: dict[str, Distribution]

    def __init__(self, params: Mapping | None = None, **kwargs):
        params = dict(params or {}, **kwargs)
        params = {k: (Fixed(value=v) if isinstance(v, (int, float)) else v) for k, v in params.items()}
        super().__init__(params=params)

    @jax.enable_x64(True)
    def sample(self, subject_ids, seed: int, specs: Mapping, model_name: str = "model"):
        """Draw each named parameter for the given subject ids; returns name -> np.ndarray (drawn
        in 64-bit precision, so a subject's values do not depend on the caller's JAX settings)."""
        ids = jnp.asarray(np.asarray(subject_ids, dtype=np.int64))
        out = {}
        for name, dist in self.params.items():
            if name not in specs:
                raise unknown_name(f"parameter of model {model_name!r}", name, specs)
            base = jax.random.fold_in(jax.random.PRNGKey(seed), zlib.crc32(name.encode()) & 0x7FFFFFFF)
            values = np.asarray(jax.vmap(lambda i: dist.draw(jax.random.fold_in(base, i), 1)[0])(ids),
                                dtype=float)
            spec = specs[name]
            if isinstance(dist, Spread):
                values = dist.values(values, spec)
            values = np.clip(values, spec.lower, spec.upper)
            if not np.all(np.isfinite(values)):
                raise RemissionError(f"population for {name} produced non-finite values: {dist}")
            out[name] = values
        return out


def read_population(path) -> tuple[Population, dict]:
    """A population from a TOML file: its ``[params]`` table (name = number, or a distribution
    table such as ``{ kind = "spread", centre = 0.1, sd = 0.3 }``) and the rest of the file as
    metadata (e.g. ``model``, where it came from)."""
    path = Path(path)
    data = read_toml(path, "population file", kind="a valid TOML population file")
    params = data.pop("params", None)
    if not isinstance(params, dict) or not params:
        raise RemissionError(f"{path}: needs a [params] table (parameter = number or distribution)")
    try:
        return Population(params), data
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise RemissionError(f"{path}: params.{where}: {first['msg']}") from None


def write_population(population: Population, path, **meta) -> str:
    """Write ``population`` (and ``meta``, e.g. ``model = "dual_trace"``) as TOML that
    :func:`read_population` reads back; returns the text."""
    params = {k: (v.value if isinstance(v, Fixed) else v.model_dump(exclude_none=True))
              for k, v in population.params.items()}
    text = tomli_w.dumps({**meta, "params": params})
    Path(path).write_text(text)
    return text
