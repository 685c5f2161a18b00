"""Read-outs of a simulated experiment, per subject: what a lab measures and analyses.

Two feature sets (``analysis``):

``relapse`` (the standard read-out)
    For every test phase (a phase whose name starts with ``test``), responding in its first
    session minus responding in the *baseline*: the last session of the last phase before the
    first test (the end of extinction). Responding is drug-lever presses (operant) or the mean
    conditioned response (Pavlovian). This is the read-out of renewal (Bouton 2004), spontaneous
    recovery (Rescorla 2004) and reinstatement (Shaham et al. 2003) papers.
``sessions``
    Every session's responding (the whole learning curve), for a decoder that may use
    differences in acquisition and extinction as well as in the tests.
"""

from __future__ import annotations

import numpy as np

from remission.errors import RemissionError
from remission.designer.simulate import Pool, SessionLayout

ANALYSES = ("relapse", "sessions")


def test_phases(lay: SessionLayout) -> list[str]:
    return [n for n in lay.phase_names if n.startswith("test")]


def relapse_columns(lay: SessionLayout, group: str = "design") -> tuple[int, list[int], list[str]]:
    """(baseline session, first session of each test, test names) of one group's protocol."""
    tests = test_phases(lay)
    if not tests:
        raise RemissionError(f"group {group!r}: phases = {list(lay.phase_names)} have no test phase; "
                             "valid: name relapse tests 'test…' (or use analysis = 'sessions')")
    first = min(lay.sessions_of(t)[0] for t in tests)
    if first == 0:
        raise RemissionError(f"group {group!r}: the test {tests[0]!r} is the first phase; a relapse "
                             "read-out needs a baseline session before it")
    return int(first - 1), [int(lay.sessions_of(t)[0]) for t in tests], tests


def features(pool: Pool, analysis: str = "relapse") -> tuple[dict[str, np.ndarray], list[str]]:
    """``{group: (hypotheses, pool, features)}`` and the feature names (``group:what``)."""
    if analysis not in ANALYSES:
        raise RemissionError(f"analysis = {analysis!r} is invalid; valid: {', '.join(ANALYSES)}")
    out, names = {}, []
    for g, values in pool.values.items():
        lay = pool.layouts[g]
        if analysis == "relapse":
            base, firsts, tests = relapse_columns(lay, g)
            out[g] = values[:, :, firsts] - values[:, :, [base]]
            names += [f"{g}:{t} relapse" for t in tests]
        else:
            out[g] = values
            counts: dict[str, int] = {}
            for ph in lay.phase:
                name = lay.phase_names[ph]
                names.append(f"{g}:{name}[{counts.get(name, 0)}]")
                counts[name] = counts.get(name, 0) + 1
    return out, names
