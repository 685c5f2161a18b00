"""Analysing simulated experiments as a lab would, and the probability of the correct conclusion.

An *experiment* is n subjects per group drawn from one hypothesis. Its data are the group means
x̄ of the per-subject read-outs (:mod:`remission.designer.readouts`). Two analyses conclude which
hypothesis produced them:

Decoder (linear discriminant; Fisher 1936)
    Trained on one half of the simulated subjects (means μ_k of each hypothesis, pooled within-
    hypothesis covariance Σ_g of each group with the Ledoit–Wolf shrinkage, Ledoit & Wolf 2004,
    J Multivar Anal 88:365), it concludes k̂ = argmin_k Σ_g (x̄_g − μ_kg)ᵀ Σ_g⁻¹ (x̄_g − μ_kg):
    the most likely hypothesis for Gaussian read-outs with equal covariance (Σ_g / n for a group
    mean, so the rule does not depend on n). It is tested on experiments formed from the *other*
    half (two-fold cross-validation): disjoint blocks of n subjects, over ``partitions`` random
    partitions of the held-out subjects. A classifier tested on held-out data estimates its own
    accuracy without the optimism of the training fit; since no classifier beats the Bayes rule,
    its expected accuracy is a lower bound on the best achievable probability correct (up to
    Monte Carlo error). The standard error is binomial over the disjoint blocks of *one* fold
    (K · ⌊M/2n⌋ experiments): the two folds swap training and test data, so they are positively
    correlated and are not counted twice; averaging over partitions only lowers the variance.
Significance test (what most papers do)
    A one-sided t-test (α = 0.05) of the first relapse read-out (one group: paired, test against
    the end of extinction; two or more groups: Welch, first group against the second). Significant
    → the hypothesis predicting the larger effect, otherwise the other (two hypotheses only). Its
    probability correct need not rise with n: with enough animals a small effect predicted by
    both hypotheses becomes significant under both.

Expected information. With P_e the cross-validated error of the decoder and K equally likely
hypotheses, Fano's inequality (Cover & Thomas 2006, §2.10) gives a lower bound on the mutual
information between hypothesis and data, I ≥ log₂K − H_b(P_e) − P_e log₂(K − 1) bits. It is
biased low: the decoder is not the Bayes rule (linear, Gaussian), and Fano's bound is loose.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

ALPHA = 0.05


def ledoit_wolf(x: np.ndarray) -> np.ndarray:
    """Shrunk covariance of centred rows ``x`` (n, p) towards a scaled identity (Ledoit & Wolf 2004)."""
    n, p = x.shape
    s = x.T @ x / n
    mu = np.trace(s) / p
    d2 = np.sum((s - mu * np.eye(p)) ** 2)
    if d2 <= 0:
        return s + 1e-12 * np.eye(p)
    b2 = np.sum([np.sum((np.outer(r, r) - s) ** 2) for r in x]) / n**2
    shrink = min(b2, d2) / d2
    return shrink * mu * np.eye(p) + (1 - shrink) * s


@dataclass(frozen=True)
class Decoder:
    """Per group: hypothesis means (K, F), feature scales (F,) and the inverse shrunk covariance."""

    means: dict[str, np.ndarray]
    scale: dict[str, np.ndarray]
    precision: dict[str, np.ndarray]

    def distances(self, xbar: Mapping[str, np.ndarray]) -> np.ndarray:
        """(experiments, K) summed Mahalanobis distances of group means ``xbar[g]`` (E, F)."""
        total = 0.0
        for g, x in xbar.items():
            d = (x[:, None, :] - self.means[g][None]) / self.scale[g]
            total = total + np.einsum("ekf,fh,ekh->ek", d, self.precision[g], d)
        return total

    def predict(self, xbar: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.argmin(self.distances(xbar), axis=1)


def fit_decoder(train: Mapping[str, np.ndarray]) -> Decoder:
    """LDA from per-subject features ``train[g]`` of shape (K, M, F)."""
    means, scale, prec = {}, {}, {}
    for g, x in train.items():
        mu = x.mean(axis=1)
        centred = (x - mu[:, None]).reshape(-1, x.shape[-1])
        sd = centred.std(axis=0)
        sd = np.where(sd > 1e-9, sd, 1.0)  # a constant feature carries no information
        cov = ledoit_wolf(centred / sd)
        means[g], scale[g], prec[g] = mu, sd, np.linalg.pinv(cov)
    return Decoder(means, scale, prec)


def blocks(m: int, n: int, partitions: int, rng: np.random.Generator) -> np.ndarray:
    """(partitions · ⌊m/n⌋, n) subject indices: disjoint blocks of n in each random partition."""
    per = m // n
    return np.concatenate([rng.permutation(m)[: per * n].reshape(per, n) for _ in range(partitions)])


@dataclass(frozen=True)
class Accuracy:
    """Probability of the correct conclusion at n subjects per group."""

    n: int
    p_correct: float
    se: float
    experiments: int
    p_correct_test: float
    info_bits: float
    by_hypothesis: tuple = ()


def fano_bits(p_correct: float, k: int) -> float:
    """Fano lower bound on I(hypothesis; data) in bits from a K-way error rate."""
    pe = min(max(1.0 - p_correct, 0.0), 1.0)
    hb = 0.0 if pe in (0.0, 1.0) else -(pe * math.log2(pe) + (1 - pe) * math.log2(1 - pe))
    extra = pe * math.log2(k - 1) if k > 2 else 0.0
    return max(0.0, math.log2(k) - hb - extra)


def accuracy(feats: Mapping[str, np.ndarray], n: int, seed: int = 0, partitions: int = 20,
             relapse: Mapping[str, np.ndarray] | None = None) -> Accuracy:
    """Cross-validated probability correct of the decoder (and of the t-test) at n per group.

    ``feats[g]``: (K, M, F) per-subject features of group g, M subjects per hypothesis;
    ``relapse[g]`` (K, M, tests): the relapse read-outs the t-test uses (default ``feats``).
    """
    relapse = feats if relapse is None else relapse
    groups = list(feats)
    K, M = feats[groups[0]].shape[:2]
    half = M // 2
    if half < n:
        raise ValueError(f"a pool of {M} subjects per hypothesis cannot hold two folds of n = {n}")
    folds = [(slice(0, half), slice(half, 2 * half)), (slice(half, 2 * half), slice(0, half))]
    rng = np.random.default_rng([seed, n])
    right, total = np.zeros(K), np.zeros(K)
    right_t = total_t = 0
    for train_sl, test_sl in folds:
        train = {g: feats[g][:, train_sl] for g in groups}
        dec = fit_decoder(train)
        test = {g: feats[g][:, test_sl] for g in groups}
        idx = {g: blocks(half, n, partitions, rng) for g in groups}
        for k in range(K):
            xbar = {g: test[g][k][idx[g]].mean(axis=1) for g in groups}
            right[k] += int(np.sum(dec.predict(xbar) == k))
            total[k] += len(idx[groups[0]])
            if K == 2 and n >= 2:
                ok = t_test_conclusion({g: relapse[g][:, train_sl] for g in groups},
                                       {g: relapse[g][k, test_sl][idx[g]] for g in groups}) == k
                right_t += int(np.sum(ok))
                total_t += len(ok)
    p = float(right.sum() / total.sum())
    independent = K * (half // n)  # the two folds share data: count one fold's blocks
    se = math.sqrt(max(p * (1 - p), 0.25 / independent) / independent)
    p_t = right_t / total_t if total_t else math.nan
    return Accuracy(n, p, se, independent, p_t, fano_bits(p, K), tuple(right / total))


def t_test_conclusion(train: Mapping[str, np.ndarray], experiments: Mapping[str, np.ndarray]) -> np.ndarray:
    """Conclusion (0 or 1) of the significance test for experiments ``[g]`` (E, n, F)."""
    groups = list(train)
    if len(groups) == 1:
        g = groups[0]
        predicted = train[g][:, :, 0].mean(axis=1)  # relapse predicted by each hypothesis
        x = experiments[g][:, :, 0]
        sign = 1.0 if predicted[np.argmax(np.abs(predicted))] >= 0 else -1.0
        t = sign * x.mean(axis=1) / (x.std(axis=1, ddof=1) / math.sqrt(x.shape[1]) + 1e-12)
        p = stats.t.sf(t, df=x.shape[1] - 1)
        big = int(np.argmax(np.abs(predicted)))
    else:
        a, b = groups[0], groups[1]
        predicted = train[a][:, :, 0].mean(axis=1) - train[b][:, :, 0].mean(axis=1)
        big = int(np.argmax(np.abs(predicted)))
        sign = 1.0 if predicted[big] >= 0 else -1.0
        xa, xb = experiments[a][:, :, 0], experiments[b][:, :, 0]
        t, p2 = stats.ttest_ind(xa, xb, axis=1, equal_var=False)
        p = np.where(sign * np.nan_to_num(t) > 0, p2 / 2, 1 - p2 / 2)
    return np.where(np.nan_to_num(p, nan=1.0) < ALPHA, big, 1 - big)
