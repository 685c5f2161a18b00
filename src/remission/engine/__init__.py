"""The engine: protocols compiled to step arrays (:mod:`~remission.engine.layout`), the operant box,
and one compiled program per model that scans over steps and vmaps over subjects.

:func:`simulate` is its front door (:class:`SimulationResult`, the trial table);
:func:`simulate_sessions` returns the per-session table computed inside the program.
"""

from remission.engine.compile import CompiledProtocol, compile_protocol
from remission.engine.result import SimulationResult
from remission.engine.simulation import simulate, simulate_sessions

__all__ = ["CompiledProtocol", "SimulationResult", "compile_protocol", "simulate", "simulate_sessions"]
