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
)
from remission.params.spec import ParamSpec, resolve_params

__all__ = ["Beta", "Distribution", "Fixed", "LogNormal", "Mixture", "Normal", "ParamSpec",
           "Population", "resolve_params"]
