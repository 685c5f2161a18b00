"""Parameters and populations: what a model's parameters are (:class:`ParamSpec`) and how subjects
differ (:class:`Population`), in one place."""

from remission.params.population import (
    Beta,
    Distribution,
    Fixed,
    LogNormal,
    Mixture,
    Normal,
    Population,
    Spread,
    read_population,
    write_population,
)
from remission.params.spec import ParamSpec, resolve_params

__all__ = ["Beta", "Distribution", "Fixed", "LogNormal", "Mixture", "Normal", "ParamSpec",
           "Population", "Spread", "read_population", "resolve_params", "write_population"]
