"""From protocol minutes to the trial units of the latent-cause models (docs/MODELS.md §5).

Gershman et al. (2017, eLife 6:e23763) place trials of a phase 1 unit apart and give gaps in the
same units: training → retrieval 20, retrieval → extinction 3 ("short", inside the
reconsolidation window) or 100 ("long"), extinction → test 200. Protocols give real times
(minutes). The agents convert the time elapsed since the previous learning trial, Δm minutes, to
Δτ units with one monotone map, piecewise linear in log–log between these anchors:

======================  ========  ===========================================================
elapsed (Δm)            Δτ        why
======================  ========  ===========================================================
≤ 1 min                 1         consecutive trials of a session (docs/MODELS.md: 1 apart)
10 min                  4         gap 3, the paper's "short" retrieval → extinction interval
1 h                     6         gap 5, still well inside the window (Monfils 2009: 10 min–1 h)
6 h                     11        gap 10
1 day                   21        gap 20, the paper's training → retrieval interval
30 days                 201       gap 200, the paper's extinction → test interval (Monfils: 1 month)
======================  ========  ===========================================================

Beyond 30 days the last log–log slope (≈ 0.67) continues. Within a session the clock advances 1
unit per learning trial whatever the bin width, so operant presses seconds apart are still one
trial apart; only when a session boundary lies between two trials is the real elapsed time used.

Consequence (a model property, not a mapping choice): the model's reconsolidation window is set by
the retrieval → extinction gap *relative to* the training → retrieval gap. With the defaults
(α = 0.1, g = 1) and training → retrieval = 1 day (20), gaps up to ~30 units keep extinction on the
acquisition cause and ~50 or more do not. Any monotone map puts 6 h below 1 day, so the model
predicts that a 6 h retrieval → extinction gap still attenuates recovery (Monfils et al. 2009
found it does not); gaps of several days (≥ ~3 days here) reproduce the published "long" result.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

#: (elapsed minutes, Δτ units) anchors of the map.
ANCHORS = ((1.0, 1.0), (10.0, 4.0), (60.0, 6.0), (360.0, 11.0), (1440.0, 21.0), (43200.0, 201.0))

_LX = np.log([m for m, _ in ANCHORS])
_LY = np.log([u for _, u in ANCHORS])
_TAIL = (_LY[-1] - _LY[-2]) / (_LX[-1] - _LX[-2])


def units(elapsed_minutes):
    """Δτ (model units) for ``elapsed_minutes`` of real time between two learning trials.

    Monotone non-decreasing, 1 at and below 1 minute (jax or numpy input).
    """
    lx = jnp.log(jnp.maximum(jnp.asarray(elapsed_minutes, float), 1.0))
    # piecewise linear in log–log, one elementwise select per segment (jnp.interp's searchsorted
    # is a slow batched loop under the engine's vmap)
    ly = _LY[-1] + _TAIL * (lx - _LX[-1])
    for i in range(len(_LX) - 2, -1, -1):
        slope = (_LY[i + 1] - _LY[i]) / (_LX[i + 1] - _LX[i])
        ly = jnp.where(lx <= _LX[i + 1], _LY[i] + slope * (lx - _LX[i]), ly)
    return jnp.exp(ly)
