"""Simulated results as trial data: the bridge used by parameter and model recovery.

A :class:`~remission.engine.result.SimulationResult` is written in the tidy schema exactly as a
lab would record it (choices, what was delivered, cues, contexts, time stamps), so recovery
exercises the same import path as real data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from remission.engine.compile import compile_protocol
from remission.io.schema import TrialData, validate
from remission.protocols.schema import ACTIONS, INTERVENTIONS, Protocol


def from_simulation(result, cr_noise: float | None = None, seed: int = 0) -> TrialData:
    """Tidy trial data from a simulation (one block of steps per subject and group).

    Parameters
    ----------
    result : SimulationResult
        Output of :func:`remission.simulate`.
    cr_noise : float, optional
        If given, Pavlovian steps get an observed ``cr`` = the model's ``response`` plus Gaussian
        noise of this SD; otherwise no CR is recorded.
    seed : int
        Seed of the CR noise.
    """
    tables = []
    groups = result.trials["group"].astype(str)
    multi = groups.nunique() > 1
    rng = np.random.default_rng(seed)
    for g, spec in result.config["protocols"].items():
        comp = compile_protocol(Protocol.parse(spec, source=f"protocol of group {g!r}"))
        o = comp.obs
        trials = result.trials[groups == g]
        ids = trials["subject"].to_numpy()
        step = trials["step"].to_numpy()
        action = trials["action"].astype(str).to_numpy()
        a_ix = np.array([ACTIONS.index(a) for a in action])
        pav = o["pavlovian"][step]
        session_key = o["phase"][step] * 100_000 + o["session"][step]
        completed = trials["completed"].to_numpy(bool)
        cue_names = np.array([""] + list(comp.cue_names), dtype=object)
        on_delivery = np.concatenate([np.zeros((len(step), 1)), o["cue_on_delivery"][step, a_ix]], 1)
        cue_given = on_delivery.argmax(-1)
        frame = pd.DataFrame({
            "subject": [f"{g}:{s}" if multi else str(s) for s in ids],
            "session": pd.Series(session_key).groupby(ids).transform(
                lambda k: pd.factorize(k)[0]).to_numpy(),
            "trial": o["trial"][step],
            "phase": np.asarray(comp.phase_names)[o["phase"][step]],
            "context": np.asarray(comp.context_names)[o["context_index"][step]],
            "cues": [";".join(np.asarray(comp.cue_names)[row > 0]) for row in o["cues"][step]],
            "available": [";".join(np.asarray(ACTIONS)[row]) for row in o["available"][step]],
            "choice": np.where(pav, "", action),
            "pavlovian": pav,
            "us": o["us"][step],
            "reward": trials["reward"].to_numpy(),
            "drug": trials["drug"].to_numpy(),
            "shock": trials["shock"].to_numpy(),
            "delay": np.where(completed, o["delay"][step, a_ix] * 60.0, 0.0),
            "cue": np.where(completed, cue_names[cue_given], ""),
            "completed": completed,
            "time": o["time"][step],
            **{k: o[k][step] for k in INTERVENTIONS},
        })
        if cr_noise is not None and "response" in trials:
            noisy = trials["response"].to_numpy() + cr_noise * rng.standard_normal(len(trials))
            frame["cr"] = np.where(pav, noisy, np.nan)
        tables.append(frame)
    df = pd.concat(tables, ignore_index=True)
    data = validate(df, source="simulation")
    data.meta = {"adapter": "simulation", "model": result.config.get("model")}
    return data


def two_cs_fear_design(n_subjects: int, seed: int = 0, acquisition: int = 24, extinction: int = 24,
                       reinstatement: int = 4, test: int = 10, reinforcement: float = 0.5,
                       iti_minutes: float = 0.25) -> pd.DataFrame:
    """Stimulus table (tidy schema, no CRs) of a two-CS human fear-conditioning design.

    Per subject, in context A: ``acquisition`` CS+ and as many CS− trials in a seeded random
    order, a share ``reinforcement`` of the CS+ trials followed by the US (shock); one day later
    ``extinction`` CS+ and CS− trials without US; ten minutes later ``reinstatement`` US-alone
    trials (no CS, no CR recorded) and a ``test`` of CS+ and CS− trials each. Trials are
    ``iti_minutes`` apart. With the defaults, 120 trials per subject (the shape of the SCR data
    of Gershman & Hartley 2015, Learn Behav 43:243, a differential design with reinstatement).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_subjects):
        t = 0.0
        for session, (phase, n_each, start) in enumerate(
                (("acquisition", acquisition, 0.0), ("extinction", extinction, 1440.0),
                 ("reinstatement", reinstatement, 1440.0 + 10.0 + 2 * extinction * iti_minutes),
                 ("test", test, None))):
            t = start if start is not None else t + iti_minutes
            if phase == "reinstatement":
                kinds = [""] * n_each
            else:
                kinds = rng.permutation(["CSplus"] * n_each + ["CSminus"] * n_each).tolist()
            plus = [k == "CSplus" for k in kinds]
            shocked = np.zeros(len(kinds), bool)
            if phase == "acquisition":
                idx = np.flatnonzero(plus)
                shocked[rng.choice(idx, int(round(reinforcement * len(idx))), replace=False)] = True
            for j, kind in enumerate(kinds):
                rows.append({"subject": f"s{s:03d}", "session": min(session, 2), "phase": phase,
                             "context": "A", "CSplus": float(kind == "CSplus"),
                             "CSminus": float(kind == "CSminus"),
                             "us": 1.0 if (phase == "reinstatement" or shocked[j]) else 0.0,
                             "measured": phase != "reinstatement", "time": t})
                t += iti_minutes
            t -= iti_minutes
    df = pd.DataFrame(rows)
    df["trial"] = df.groupby(["subject", "session"]).cumcount()
    return df
