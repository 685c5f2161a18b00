"""The front door: :func:`fit` a registered model to trial-level data, returning a :class:`FitResult`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from remission import models
from remission.errors import RemissionError
from remission.fitting import plots, predictive
from remission.fitting.bayes import fit_bayes
from remission.fitting.mle import fit_mle
from remission.fitting.response import check_response_model
from remission.io import TrialData, build_design, read_hbayesdm, read_trials, validate

METHODS = ("mle", "map", "bayes")


@dataclass
class FitResult:
    """A fitted model.

    Attributes
    ----------
    model : str
        Model name.
    method : {"mle", "map", "bayes"}
    params : pandas.DataFrame
        Long table: subject, parameter, estimate (MLE, MAP or posterior mean), se (standard error or
        posterior SD), ci_low, ci_high (95 %).
    subjects : pandas.DataFrame
        Per subject: loglik, n_obs, k (and aic, bic, convergence checks for MLE).
    fixed : dict
        Parameters held fixed, with their values.
    design : Design
        The data as replayed (for predictive checks and regressors).
    idata : arviz.InferenceData or None
        Posterior (Bayes only).
    diagnostics : dict
        R-hat, ESS, divergences (Bayes) or convergence counts (MLE).
    warnings : list of str
        Plain-language problems found.
    groups : pandas.DataFrame or None
        Per group (data with a ``group`` column) and parameter: the posterior of the group median
        (Bayes: mean, SD, 95 % interval) or the mean of the subjects' estimates with its standard
        error and a 95 % normal interval (MLE).
    response : str
        Response model of the CRs (:mod:`remission.fitting.response`).
    """

    model: str
    method: str
    params: pd.DataFrame
    subjects: pd.DataFrame
    fixed: dict
    design: object
    idata: object = None
    diagnostics: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    groups: pd.DataFrame | None = None
    response: str = "gaussian"

    def estimates(self) -> pd.DataFrame:
        """Wide table, one row per subject, every model parameter (fitted and fixed)."""
        wide = self.params.pivot(index="subject", columns="parameter", values="estimate")
        wide = wide.loc[[s for s in self.design.subjects]]
        for name, value in self.fixed.items():
            wide[name] = value
        return wide

    @property
    def bic(self) -> float:
        """Total BIC over subjects (MLE)."""
        if "bic" not in self.subjects:
            raise RemissionError("BIC is defined for maximum-likelihood fits; use method='mle'")
        return float(self.subjects["bic"].sum())

    def loo(self) -> dict:
        """PSIS-LOO (leave one subject out; ArviZ) of a Bayesian fit: elpd, SE, p_loo, Pareto k."""
        if self.idata is None:
            raise RemissionError("PSIS-LOO needs posterior draws; fit with method='bayes'")
        import arviz as az

        loo = az.loo(self.idata, pointwise=True)
        k = np.asarray(loo.pareto_k)
        return {"elpd_loo": float(loo.elpd_loo), "elpd_loo_se": float(loo.se),
                "p_loo": float(loo.p_loo), "pareto_k_above_0.7": int(np.sum(k > 0.7)),
                "pareto_k": dict(zip(map(str, self.design.subjects), np.round(k, 3).tolist()))}

    def save(self, directory: str | Path, figures: bool = True) -> Path:
        """Write params.csv, subjects.csv, groups.csv, fit.json (with PSIS-LOO for Bayes),
        posterior.nc (Bayes) and figures (estimates, predictive checks per phase)."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        self.params.assign(model=self.model, method=self.method).to_csv(out / "params.csv", index=False)
        self.subjects.to_csv(out / "subjects.csv", index=False)
        if self.groups is not None:
            self.groups.assign(model=self.model, method=self.method).to_csv(out / "groups.csv", index=False)
        info = {"model": self.model, "method": self.method, "response_model": self.response,
                "fixed": self.fixed, "fitted": list(dict.fromkeys(self.params["parameter"])),
                "source": self.design.data.source, "data": self.design.data.meta,
                "diagnostics": self.diagnostics, "warnings": self.warnings,
                "loo": self.loo() if self.idata is not None else
                "PSIS-LOO needs posterior draws: fit with --method bayes"}
        if self.idata is not None:
            try:
                self.idata.to_netcdf(str(out / "posterior.nc"), engine="h5netcdf")
                info["posterior"] = "posterior.nc"
            except Exception as exc:  # noqa: BLE001 - report any backend failure, keep the rest
                msg = f"could not write posterior.nc ({type(exc).__name__}: {exc})"
                self.warnings.append(msg)
                info["warnings"] = self.warnings
        (out / "fit.json").write_text(json.dumps(info, indent=2, default=_plain))
        checks = predictive.phase_table(self)
        checks.to_csv(out / "ppc.csv", index=False)
        if figures:
            plots.estimates_figure(self, out / "estimates.png")
            plots.ppc_figure(self, out / "ppc.png", table=checks)
        return out


def _plain(obj):
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    return str(obj)


def load_data(data, **kwargs):
    """TrialData, a DataFrame in the tidy schema, or a file (tidy CSV/TSV/Parquet; hBayesDM).

    ``kwargs`` go to :func:`~remission.io.validate` (``options``, ``columns``, ``cue_columns``,
    ``time_unit``); an hBayesDM file takes ``options`` only.
    """
    if isinstance(data, TrialData):
        return data
    if isinstance(data, pd.DataFrame):
        return validate(data, source="DataFrame", **kwargs)
    path = Path(data)
    if path.is_file() and path.suffix.lower() in (".txt", ".tsv"):
        header = path.read_text(errors="replace").split("\n", 1)[0]
        if "subjID" in header.split("\t"):
            return read_hbayesdm(path, **{k: v for k, v in kwargs.items() if k == "options"})
    return read_trials(path, **kwargs)


def fit(model, data, method: str = "mle", fit=None, fixed=None, seed: int = 0, starts: int = 4,
        chains: int = 2, warmup: int = 500, samples: int = 500, target_accept: float = 0.8,
        progress: bool = False, response: str = "gaussian") -> FitResult:
    """Fit ``model`` to trial-level ``data``.

    Parameters
    ----------
    model : str or Model
        A registered model (``remission.models.names()``).
    data : TrialData, DataFrame or path
        See :mod:`remission.io.schema`; hBayesDM files are recognised by their ``subjID`` column.
        MED-PC files need a lever mapping: read them with :func:`remission.io.read_medpc` first.
    method : {"mle", "map", "bayes"}
        Per-subject maximum likelihood; per-subject maximum a posteriori under each parameter's
        weakly informative prior (``ParamSpec.prior``, :mod:`remission.fitting.mle`), which keeps
        weakly constrained estimates from running to their bounds; or hierarchical Bayes (NUTS).
    fit : list of str, optional
        Parameters to estimate (default: those the model marks as fittable, and the value of not
        responding ``rest`` when the data hold omissions; :func:`~remission.fitting.likelihood.default_fit`).
    fixed : mapping, optional
        Values of parameters held fixed (default: their defaults).
    seed : int
        Seed of starting points (MLE) or of the sampler (Bayes).
    starts : int
        MLE (and MAP) starting points per subject.
    chains, warmup, samples, target_accept
        NUTS settings.
    response : {"gaussian", "logit_normal"}
        Response model of the conditioned responses (:mod:`remission.fitting.response`).

    Data with a ``group`` column get group-level means (Bayes: one μ per group, shared σ) and a
    per-group table (``FitResult.groups``).

    Returns
    -------
    FitResult

    Examples
    --------
    >>> import remission
    >>> res = remission.fit("rescorla_wagner", "bandit.txt", method="mle")  # doctest: +SKIP
    >>> res.estimates()  # doctest: +SKIP
    """
    if method not in METHODS:
        raise RemissionError(f"method = {method!r}; valid methods: {', '.join(METHODS)}")
    check_response_model(response)
    mdl = models.get(model)
    design = build_design(load_data(data))
    if method in ("mle", "map"):
        res = fit_mle(mdl, design, fit=fit, fixed=fixed, starts=starts, seed=seed, response=response,
                      prior=method == "map")
        subj = res["subjects"]
        diagnostics = {"converged": int(subj["converged"].sum()), "n_subjects": len(subj),
                       "starts": starts, "beat_chance": int((subj["loglik"] > subj["loglik_chance"]).sum())}
        if method == "map":  # a penalised fit: AIC/BIC would count the prior as data
            subj = subj.drop(columns=["aic", "bic"])
        return FitResult(mdl.name, method, res["params"], subj, res["layout"].fixed, design,
                         diagnostics=diagnostics, warnings=mle_warnings(res),
                         groups=mle_group_table(res["params"], design), response=response)
    res = fit_bayes(mdl, design, fit=fit, fixed=fixed, chains=chains, warmup=warmup,
                    samples=samples, seed=seed, target_accept=target_accept, progress=progress,
                    response=response)
    return FitResult(mdl.name, "bayes", res["params"], res["subjects"], res["layout"].fixed, design,
                     idata=res["idata"], diagnostics=res["diagnostics"], warnings=res["warnings"],
                     groups=res["groups"] if design.data.groups is not None else None,
                     response=response)


def mle_warnings(res: dict) -> list[str]:
    """Plain-language problems of a maximum-likelihood fit."""
    subj, warnings = res["subjects"], []
    bad = subj.loc[~subj["converged"], "subject"].tolist()
    if bad:
        warnings.append(f"{len(bad)} subject(s) did not reach a stationary point: {bad[:10]}")
    edge = subj.loc[subj["at_bound"], "subject"].tolist()
    if edge:
        warnings.append(f"{len(edge)} subject(s) have an estimate at a parameter bound (its "
                        f"standard error is unreliable): {edge[:10]}")
    no_se = sorted(set(res["params"].loc[res["params"]["se"].isna(), "subject"]), key=str)
    if no_se:
        warnings.append(f"{len(no_se)} subject(s) have no standard error (the likelihood is flat "
                        f"or not curved upward there: a parameter is not identified by their "
                        f"data): {no_se[:10]}")
    chance = subj.loc[(subj["loglik_chance"] < 0) & (subj["loglik"] <= subj["loglik_chance"] + 1e-9),
                      "subject"].tolist()
    if chance:
        warnings.append(f"{len(chance)} subject(s) are fitted no better than choosing every offered "
                        f"option at random: the model does not describe their choices: {chance[:10]}")
    return warnings


def mle_group_table(params: pd.DataFrame, design) -> pd.DataFrame | None:
    """Per group and parameter: mean of the subjects' estimates, its SE and a 95 % interval."""
    groups = design.data.groups
    if groups is None:
        return None
    table = params.merge(pd.DataFrame({"subject": design.subjects, "group": groups}), on="subject")
    agg = (table.groupby(["group", "parameter"], sort=False)["estimate"]
           .agg(n="count", estimate="mean", sd="std").reset_index())
    agg["se"] = agg["sd"] / np.sqrt(agg["n"])
    agg["ci_low"], agg["ci_high"] = agg["estimate"] - 1.96 * agg["se"], agg["estimate"] + 1.96 * agg["se"]
    return agg
