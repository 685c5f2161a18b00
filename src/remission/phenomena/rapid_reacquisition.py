"""Rapid reacquisition: responding extinguished by CS-alone trials comes back faster than it was
first acquired. A finding outside docs/PHENOMENA.md (tag ``outside``: never calibrated on).

Napier, Macrae & Kehoe 1992, J Exp Psychol Anim Behav Process 18:182; Ricker & Bouton 1996, Anim
Learn Behav 24:423; Bouton 2004, Learn Mem 11:485.

Pavlovian: 10 × 10 tone–US pairings and 6 × 10 tone-alone trials in context A, then a day later
one tone alone (where responding starts) and, a minute after it, 3 pairings (``retrained``);
naïve subjects get the same tone and pairings (``naive``). Read-out: the CR gained, i.e. the mean
CR over the pairings (each read before its US) minus the CR to the lone tone, after extinction
against naïve. Published: reacquisition is faster than acquisition even when extinction has
brought responding to zero; an account in which extinction unlearns the association
(Rescorla–Wagner) predicts a gain no larger, and from a residual strength a smaller one. Three
pairings, because most models learn within one 10-trial session (a ceiling). Rule: the retrained
gain exceeds the naïve gain by more than 10 % of the CR acquired by the end of acquisition.
"""

from __future__ import annotations

from remission.phenomena.base import Phenomenon, average, register
from remission.phenomena.checks import Greater
from remission.protocols import Paradigm

GROUPS = {"retrained": Paradigm("reacquisition", {"pretrained": True}),
          "naive": Paradigm("reacquisition", {"pretrained": False})}


def measure(sessions):
    v = {}
    for g in GROUPS:
        v[f"{g} start"] = average(sessions, g, "test")
        v[f"{g} gain"] = average(sessions, g, "reacquisition") - v[f"{g} start"]
    v["acquired"] = average(sessions, "retrained", "acquisition", session=-1)
    v["gain − naive"] = float(v["retrained gain"].mean() - v["naive gain"].mean())
    return v


RAPID_REACQUISITION = register(Phenomenon(
    id="rapid_reacquisition",
    title="Reacquisition after extinction is faster than the first acquisition",
    citation="Napier, Macrae & Kehoe 1992; Ricker & Bouton 1996; Bouton 2004, Learn Mem 11:485",
    doi=("10.1037/0097-7403.18.2.182", "10.1101/lm.78804"),
    readout="CR gained over 3 pairings: after extinction − naive",
    target="retrained gain > naive gain",
    groups=GROUPS,
    measure=measure,
    checks=(Greater("retrained gain > naive gain (by > 10 % of the acquired CR)",
                    a="retrained gain", b="naive gain", floor=0.10, reference="acquired"),),
    headline="gain − naive",
    conditions=("retrained gain", "naive gain"),
    tag="outside",
    readouts=("response",),
    unit="CR",
))
