"""The engine: protocols compiled to step arrays (:mod:`~remission.engine.layout`), the operant box,
and one compiled program per model that scans over steps and vmaps over subjects.

:func:`simulate` is its front door; :class:`SimulationResult` what it returns.
"""

from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.result import SimulationResult
from remission.engine.simulation import simulate

__all__ = ["CompiledProtocol", "SimulationResult", "compile_protocol", "simulate"]
