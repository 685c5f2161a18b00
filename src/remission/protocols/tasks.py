"""Designs for fitting and parameter recovery: tasks whose data identify a model's parameters.

A model names its recovery design in its metadata (``Model.recovery``); parameter recovery builds
it with ``n_trials``.
"""

from __future__ import annotations

from remission.protocols.library import paradigm
from remission.protocols.schema import Option, Outcome, Phase, Protocol

BLOCKS = ((0.9, 0.1), (0.1, 0.9)) * 4
"""Shock probabilities (drug lever, alternative lever) of the reversal blocks."""


@paradigm("reversal_bandit")
def reversal_bandit(n_trials: int = 200) -> Protocol:
    """A two-armed choice task with reversals, for recovery.

    Each trial offers a drug lever (dose 0.25) and an alternative lever (reward 1) — worth the same
    by the value convention (``remission.models.base.DRUG_VALUE``) — each followed by a shock
    (0.5 mA, costing as much) with a probability that reverses every eighth of the trials (see
    :data:`BLOCKS`): stochastic outcomes and reversals make learning rate and temperature
    identifiable. Responding is optional (``none`` stays available), as in any operant task.

    Source: a probabilistic reversal design (Cools et al. 2002, J Neurosci 22:4563)
    """
    per = max(1, n_trials // len(BLOCKS))
    phases = []
    for b, (p_drug, p_alt) in enumerate(BLOCKS):
        n = per if b < len(BLOCKS) - 1 else max(1, n_trials - per * (len(BLOCKS) - 1))
        phases.append(Phase(
            name=f"block{b + 1}", trials=n, gap_before="1 min",
            options=[
                Option(name="drug", outcome=Outcome(drug=0.25, shock_probability=p_drug,
                                                    shock_intensity=0.5)),
                Option(name="alternative", outcome=Outcome(reward=1.0, shock_probability=p_alt,
                                                            shock_intensity=0.5)),
            ]))
    return Protocol(name="recovery_bandit", description="two-armed choice with reversals (recovery)",
                    citation="Cools et al. 2002, J Neurosci 22:4563", phases=phases)


@paradigm("renewal_recovery")
def renewal_recovery(n_trials: int = 200) -> Protocol:
    """Self-administration in A, extinction in B, renewal test in A, spontaneous-recovery test in B
    after 14 days, re-extinction in B: 3 + 4 + 1 + 1 + 1 sessions of ``n_trials / 10`` discrete
    trials (drug lever: dose 1 with a light cue; inactive lever).

    After extinction in another context (ABA renewal) and after a long gap (spontaneous recovery)
    a competing memory is retrieved less and the drug memory returns, whereas an erased one does
    not: the design identifies the dual-trace model's erasure share ε.

    Source: Bouton 2004, Learn Mem 11:485 (renewal and spontaneous recovery as tests of erasure)
    """
    per = max(2, n_trials // 10)

    def phase(name, context, sessions, drug, gap="1 day"):
        outcome = Outcome(drug=1.0, cue="light") if drug else Outcome()
        return Phase(name=name, context=context, sessions=sessions, trials=per, gap_before=gap,
                     options=[Option(name="drug", outcome=outcome), Option(name="inactive")])

    return Protocol(name="recovery_renewal", description="ABA renewal + spontaneous recovery (recovery)",
                    citation="Bouton 2004, Learn Mem 11:485",
                    phases=[phase("acquisition", "A", 3, True), phase("extinction", "B", 4, False),
                            phase("renewal_test", "A", 1, False),
                            phase("recovery_test", "B", 1, False, gap="14 days"),
                            phase("reextinction", "B", 1, False)])
