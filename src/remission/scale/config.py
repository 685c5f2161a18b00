"""Sweep configuration files (TOML) for ``remission sweep CONFIG.toml``.

Example (see ``examples/sweep.toml``)::

    name = "rw-learning-rate"
    model = "rescorla_wagner"
    n_subjects = 40
    seeds = [0, 1]
    chunk_size = 20
    protocol = { name = "extinction", training_sessions = 3, extinction_sessions = 2 }

    [params]            # held fixed across the grid
    lapse = 0.05

    [grid]              # Cartesian product: 3 x 2 = 6 configurations
    eta = [0.05, 0.15, 0.4]
    beta = [2.0, 6.0]

``protocol`` is a registry name, a TOML file (relative to the config file), a table with ``name``
and the paradigm's overrides, or a full inline protocol (a table with ``phases``). ``[groups.X]``
tables (same forms) run several groups instead. ``[population]`` gives per-parameter
distributions (e.g. ``beta = { kind = "lognormal", mu = 1.5, sigma = 0.3 }``) instead of ``params``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from remission.errors import RemissionError, read_toml
from remission.params import Population
from remission.protocols import Protocol, resolve
from remission.protocols.schema import format_validation_error


class SweepConfig(BaseModel):
    """Validated contents of a sweep TOML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    model: str
    protocol: str | dict | None = None
    groups: dict[str, str | dict] | None = None
    n_subjects: int = Field(default=100, ge=1)
    seed: int | None = Field(default=None, ge=0)
    seeds: list[int] | None = Field(default=None, min_length=1)
    chunk_size: int = Field(default=10_000, ge=1)
    params: dict[str, float] = Field(default_factory=dict)
    population: dict[str, float | dict] | None = None
    grid: dict[str, list[float] | float] = Field(default_factory=dict)


def _protocol(spec, base: Path, where: str) -> Protocol:
    return resolve(spec, base=base, where=where)


def load_sweep_config(path: str | Path) -> dict:
    """Read and validate a sweep TOML file; returns keyword arguments for :func:`remission.sweep`."""
    path = Path(path)
    data = read_toml(path, "sweep config")
    try:
        cfg = SweepConfig.model_validate(data)
    except ValidationError as exc:
        raise RemissionError(
            format_validation_error(exc, data, str(path)).replace("invalid protocol", "invalid sweep config")
        ) from None
    if (cfg.protocol is None) == (cfg.groups is None):
        raise RemissionError(f"{path}: give exactly one of `protocol` or `[groups]`")
    if cfg.seed is not None and cfg.seeds is not None:
        raise RemissionError(f"{path}: give `seed` or `seeds`, not both")
    if cfg.params and cfg.population:
        raise RemissionError(f"{path}: give `[params]` or `[population]`, not both (a number in "
                             f"`[population]` fixes that parameter)")
    base = path.parent
    if cfg.groups is not None:
        protocol = {g: _protocol(s, base, f"{path}: groups.{g}") for g, s in cfg.groups.items()}
    else:
        protocol = _protocol(cfg.protocol, base, f"{path}: protocol")
    params = cfg.params
    if cfg.population:
        try:
            params = Population(params=cfg.population)
        except ValidationError as exc:
            raise RemissionError(
                format_validation_error(exc, cfg.population, f"{path}: population")
                .replace("invalid protocol", "invalid population")
            ) from None
    return {"model": cfg.model, "protocol": protocol, "grid": cfg.grid or None,
            "n_subjects": cfg.n_subjects, "chunk_size": cfg.chunk_size, "params": params,
            "seed": cfg.seeds if cfg.seeds is not None else (cfg.seed or 0),
            "name": cfg.name or path.stem}
