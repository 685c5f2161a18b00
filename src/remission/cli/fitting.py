"""CLI commands for fitting: ``fit`` (trial data or ``--summary`` group means), ``compare``,
``recover``, ``export-regressors``; ``compare-groups`` (:mod:`remission.cli.groups`), ``fit-lcm``.

Registered into :mod:`remission.cli` through ``_EXTENSIONS``; every :class:`RemissionError` exits
with status 2 and no traceback (the wrapper below also guards direct ``app()`` use).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import (OutputDir, Progress, console, force_option, guard as _guard,
                                  parse_mapping as _mapping, parse_params, split_list)
from remission.errors import RemissionError


def read_data(path: Path, fmt: str, press: list[str] | None, delivery: list[str] | None,
              unit: str, bin_s: float, options: list[str] | None, columns: list[str] | None = None,
              cue_columns: list[str] | None = None, group_column: str | None = None,
              time_unit: str = "min"):
    """Load DATA in the given format (``auto``: MED-PC when lever mappings are given)."""
    from remission.fitting.api import load_data
    from remission.io import read_hbayesdm, read_medpc

    codes = {int(k): v for k, v in _mapping(options, "--option").items()} if options else None
    if fmt == "medpc" or (fmt == "auto" and press):
        if not press:
            raise RemissionError("MED-PC data need --press OPTION=ARRAY (e.g. --press drug=V)")
        return read_medpc(path, presses=_mapping(press, "--press"), unit=unit, bin_seconds=bin_s,
                          deliveries=_mapping(delivery, "--delivery") or None)
    if fmt == "hbayesdm":
        return read_hbayesdm(path, options=codes)
    if fmt not in ("auto", "tidy"):
        raise RemissionError(f"--format {fmt!r}; valid: auto, tidy, hbayesdm, medpc")
    mapping = _mapping(columns, "--column") | ({"group": group_column} if group_column else {})
    kwargs = {"options": codes} if codes else {}
    kwargs |= {"columns": mapping, "cue_columns": split_list(cue_columns), "time_unit": time_unit}
    return load_data(path, **kwargs)


def data_args(fmt, press, delivery, unit, bin_s, option, column, cue_column, group_column, time_unit) -> dict:
    return dict(fmt=fmt, press=press, delivery=delivery, unit=unit, bin_s=bin_s, options=option,
                columns=column, cue_columns=cue_column, group_column=group_column, time_unit=time_unit)


def fit_summary_data(data: Path, model: str, out: Path, protocol, measure: str, block: str,
                     statistic: str, subjects: int, fit, fixed, seed: int, column) -> None:
    """``remission fit --summary``: fit group means by simulating each group's protocol."""
    from remission.fitting.summary import fit_summary
    from remission.io.summary import read_summary

    protocols = _mapping(protocol, "--protocol")
    if not protocols:
        raise RemissionError("--summary needs each group's protocol: --protocol GROUP=PROTOCOL "
                             "(a registered paradigm or a TOML file), repeated per group")
    try:
        blocks = block if block == "session" else int(block)
    except ValueError:
        raise RemissionError(f"--block {block!r}: give a number of trials per block or 'session'") from None
    table = read_summary(data, columns=_mapping(column, "--column"))
    res = fit_summary(model, table, protocols, measure=measure, block=blocks, statistic=statistic,
                      fit=fit, fixed=fixed, n_subjects=subjects, seed=seed)
    res.save(out)
    console.print(f"{res.model} fitted to {res.n_points} group means: χ² = {res.chi2:.2f} "
                  f"({res.evaluations} simulations of {subjects} subjects per group)")
    for k, v in res.params.items():
        console.print(f"  {k} = {v:.4g}")
    console.print(f"results written to [bold]{out}[/bold]")


def save_recovery(res, out: Path, seed: int) -> None:
    """Recovery on the fitted design: recovery_on_design.csv, recovery_on_design_pairs.csv, .png."""
    from remission.fitting.design_recovery import recover_on_design
    from remission.fitting.plots import recovery_figure

    table, pairs = recover_on_design(res, seed=seed + 1)
    table.to_csv(out / "recovery_on_design.csv", index=False)
    pairs.to_csv(out / "recovery_on_design_pairs.csv", index=False)
    recovery_figure(pairs, table, out / "recovery_on_design.png")
    console.print("recovery on the fitted design (r, fitted vs recovered): " +
                  ", ".join(f"{r.parameter} {r.r:.2f}" for r in table.itertuples()))


def register(app: typer.Typer) -> None:
    """Add the fitting commands to ``app``."""
    from remission.cli import groups, lcm

    lcm.register(app)

    fmt_opt = typer.Option("auto", "--format", help="auto, tidy, hbayesdm or medpc.")
    press_opt = typer.Option(None, "--press", help="MED-PC: OPTION=ARRAY of press time stamps.")
    deliv_opt = typer.Option(None, "--delivery", help="MED-PC: OPTION=ARRAY of delivery stamps.")
    unit_opt = typer.Option("cs", "--unit", help="MED-PC time-stamp unit: ms, cs, ds, s, min.")
    bin_opt = typer.Option(20.0, "--bin", help="MED-PC: seconds per step.")
    option_opt = typer.Option(None, "--option", help="choice code mapping CODE=OPTION, e.g. 1=drug.")
    column_opt = typer.Option(None, "--column", help="SCHEMA=COLUMN: a file column holding a schema "
                              "column, e.g. cr=scr, us=shock (repeatable).")
    cue_opt = typer.Option(None, "--cue-column", help="0/1 cue columns, e.g. CSplus,CSminus (repeatable).")
    group_opt = typer.Option(None, "--group-column", help="Column naming each subject's group: "
                             "group-level means (Bayes) and per-group tables.")
    time_opt = typer.Option("min", "--time-unit", help="Unit of the time/interval column: s, min, h, days.")
    response_opt = typer.Option("gaussian", "--response-model", help="CR response model: gaussian "
                                "(SCR, unbounded) or logit_normal (proportions, e.g. freezing).")
    groups.register(app, dict(fmt=fmt_opt, press=press_opt, delivery=deliv_opt, unit=unit_opt,
                              bin_s=bin_opt, option=option_opt, column=column_opt, cue_column=cue_opt,
                              group_column=group_opt, time_unit=time_opt, response=response_opt))

    @app.command("fit")
    @_guard
    def fit_cmd(
        data: Path = typer.Argument(..., help="Trial data (tidy CSV/TSV/Parquet, hBayesDM, MED-PC), "
                                    "or group means with --summary."),
        model: str = typer.Option("rescorla_wagner", "--model", "-m", help="Model name."),
        method: str = typer.Option("mle", "--method", help="mle, map (MLE plus each parameter's "
                                   "weakly informative prior) or bayes."),
        out: Path = typer.Option(Path("fit"), "--out", "-o", help="Output directory."),
        fit: Optional[list[str]] = typer.Option(None, "--fit", help="Parameter to fit (repeatable)."),
        param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="Fixed NAME=VALUE."),
        seed: int = typer.Option(0, "--seed", min=0),
        starts: int = typer.Option(4, "--starts", min=1, help="MLE/MAP starting points."),
        chains: int = typer.Option(2, "--chains", min=1),
        warmup: int = typer.Option(500, "--warmup", min=1),
        samples: int = typer.Option(500, "--samples", min=1),
        target_accept: float = typer.Option(0.8, "--target-accept"),
        recover: bool = typer.Option(True, "--recover/--no-recover", help="Parameter recovery on the "
                                     "fitted design (simulate from the estimates, refit)."),
        summary: bool = typer.Option(False, "--summary", help="DATA holds group means (group, phase, "
                                     "block, mean, se): fit by simulating each group's protocol."),
        protocol: Optional[list[str]] = typer.Option(None, "--protocol", help="--summary: GROUP=PROTOCOL."),
        measure: str = typer.Option("response", "--measure", help="--summary: response (CR) or an option."),
        block: str = typer.Option("1", "--block", help="--summary: trials per block, or 'session'."),
        statistic: str = typer.Option("mean", "--statistic", help="--summary: mean or sum per block."),
        subjects: int = typer.Option(100, "--subjects", min=1, help="--summary: simulated per group."),
        fmt: str = fmt_opt, press: Optional[list[str]] = press_opt,
        delivery: Optional[list[str]] = deliv_opt, unit: str = unit_opt, bin_s: float = bin_opt,
        option: Optional[list[str]] = option_opt, column: Optional[list[str]] = column_opt,
        cue_column: Optional[list[str]] = cue_opt, group_column: Optional[str] = group_opt,
        time_unit: str = time_opt, response: str = response_opt, force: bool = force_option(),
    ):
        """Fit MODEL to DATA; write params.csv, subjects.csv, fit.json, predictive checks per phase
        (ppc.csv, ppc.png), recovery on the fitted design, figures (+ posterior.nc)."""
        from remission import models
        from remission.fitting import fit as do_fit

        models.get(model)
        fixed = parse_params(param)
        if summary:
            target = OutputDir(out, force)
            fit_summary_data(data, model, out, protocol, measure, block, statistic, subjects,
                             fit or None, fixed, seed, column)
            return target.done()
        trials = read_data(data, **data_args(fmt, press, delivery, unit, bin_s, option, column,
                                             cue_column, group_column, time_unit))
        target = OutputDir(out, force)  # data and --out are checked before any fitting
        res = do_fit(model, trials, method=method, fit=fit or None, fixed=fixed,
                     seed=seed, starts=starts, chains=chains, warmup=warmup, samples=samples,
                     target_accept=target_accept, response=response)
        res.save(out)
        summary_table = res.params.groupby("parameter", sort=False)["estimate"].describe()[["mean", "std", "min", "max"]]
        console.print(f"{res.model} ({res.method}) on {trials.n_subjects} subjects")
        console.print(summary_table.to_string(float_format=lambda v: f"{v:.4g}"))
        if res.method in ("mle", "map"):
            s = res.subjects
            console.print(f"log-likelihood {s['loglik'].sum():.2f} (chance policy: "
                          f"{s['loglik_chance'].sum():.2f}); {res.diagnostics['beat_chance']} of "
                          f"{len(s)} subjects fitted better than chance")
        if res.groups is not None:
            console.print(res.groups.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        if recover:
            save_recovery(res, out, seed)
        for w in res.warnings:
            console.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
        target.done()
        console.print(f"results written to [bold]{out}[/bold]")

    @app.command("compare")
    @_guard
    def compare_cmd(
        data: Path = typer.Argument(...),
        model: list[str] = typer.Option(..., "--model", "-m", help="Model to compare (repeat)."),
        method: str = typer.Option("mle", "--method", help="mle (BIC) or bayes (PSIS-LOO)."),
        out: Path = typer.Option(Path("compare"), "--out", "-o"),
        seed: int = typer.Option(0, "--seed", min=0),
        chains: int = typer.Option(2, "--chains", min=1),
        warmup: int = typer.Option(500, "--warmup", min=1),
        samples: int = typer.Option(500, "--samples", min=1),
        fmt: str = fmt_opt, press: Optional[list[str]] = press_opt,
        delivery: Optional[list[str]] = deliv_opt, unit: str = unit_opt, bin_s: float = bin_opt,
        option: Optional[list[str]] = option_opt, column: Optional[list[str]] = column_opt,
        cue_column: Optional[list[str]] = cue_opt, group_column: Optional[str] = group_opt,
        time_unit: str = time_opt, response: str = response_opt, force: bool = force_option(),
    ):
        """Fit several models to DATA and rank them: BIC (mle) or PSIS-LOO (bayes); compare.csv, .png."""
        from remission import models
        from remission.fitting import compare
        from remission.fitting.plots import compare_figure

        names = split_list(model) or []
        for name in names:  # unknown names fail before any fitting
            models.get(name)
        if len(set(names)) < 2:
            raise RemissionError(f"--model {', '.join(names)}: compare needs at least two different "
                                 "models, e.g. -m rescorla_wagner -m drug_td")
        if method not in ("mle", "bayes"):
            raise RemissionError(f"--method {method!r}; valid: mle (BIC), bayes (PSIS-LOO)")
        trials = read_data(data, **data_args(fmt, press, delivery, unit, bin_s, option, column,
                                             cue_column, group_column, time_unit))
        target = OutputDir(out, force)
        kw = {"seed": seed, "response": response} | (
            {"chains": chains, "warmup": warmup, "samples": samples} if method == "bayes" else {})
        table, _ = compare(names, trials, method=method, **kw)
        out.mkdir(parents=True, exist_ok=True)
        table.to_csv(out / "compare.csv", index=False)
        compare_figure(table, out / "compare.png", "bic" if method == "mle" else "elpd_loo")
        target.done()
        console.print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))

    @app.command("recover")
    @_guard
    def recover_cmd(
        model: str = typer.Option("rescorla_wagner", "--model", "-m"),
        subjects: int = typer.Option(50, "--subjects", "-n", min=3),
        trials: int = typer.Option(200, "--trials", "-t", min=8),
        out: Path = typer.Option(Path("recovery"), "--out", "-o"),
        seed: int = typer.Option(0, "--seed", min=0),
        fit: Optional[list[str]] = typer.Option(None, "--fit", help="Parameter to fit (repeatable)."),
        confusion: Optional[list[str]] = typer.Option(
            None, "--confusion", help="Also a model-recovery confusion matrix over these models."),
        force: bool = force_option(),
    ):
        """Simulate SUBJECTS x TRIALS from known parameters, refit, write recovery.csv + figure."""
        from remission.fitting.plots import matrix_figure, recovery_figure
        from remission.fitting.recovery import model_recovery, parameter_recovery

        from remission import models

        for name in [model, *(split_list(confusion) or [])]:
            models.get(name)
        target = OutputDir(out, force)
        with Progress("recovering", "steps") as progress:
            progress(0, 2 if confusion else 1, "parameter recovery")
            summary, pairs = parameter_recovery(model, subjects, trials, seed=seed, fit=fit or None)
            progress(1, 2 if confusion else 1, "model recovery" if confusion else "done")
            if confusion:
                others = [m for m in split_list(confusion) if m != model]
                matrix = model_recovery([model] + others, subjects, trials, seed)
                progress(2, 2, "done")
        out.mkdir(parents=True, exist_ok=True)
        summary[["model", "parameter", "n_subjects", "n_trials", "r", "rmse"]].to_csv(out / "recovery.csv", index=False)
        pairs.to_csv(out / "recovery_pairs.csv", index=False)
        recovery_figure(pairs, summary, out / "recovery.png")
        console.print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if confusion:
            matrix.to_csv(out / "confusion.csv")
            matrix_figure(matrix, out / "confusion.png", "model recovery (share of subjects)")
            console.print(matrix.to_string(float_format=lambda v: f"{v:.2f}"))
        target.done()

    @app.command("export-regressors")
    @_guard
    def export_cmd(
        data: Path = typer.Argument(...),
        model: str = typer.Option("rescorla_wagner", "--model", "-m"),
        out: Path = typer.Option(Path("regressors"), "--out", "-o"),
        task: str = typer.Option("task", "--task", help="BIDS task label."),
        seed: int = typer.Option(0, "--seed", min=0),
        fmt: str = fmt_opt, press: Optional[list[str]] = press_opt,
        delivery: Optional[list[str]] = deliv_opt, unit: str = unit_opt, bin_s: float = bin_opt,
        option: Optional[list[str]] = option_opt, column: Optional[list[str]] = column_opt,
        cue_column: Optional[list[str]] = cue_opt, time_unit: str = time_opt,
        response: str = response_opt, force: bool = force_option(),
    ):
        """Fit MODEL by MLE and write per-trial latent variables as BIDS _events.tsv files."""
        from remission import models
        from remission.fitting import export_events, fit as do_fit

        models.get(model)
        trials = read_data(data, **data_args(fmt, press, delivery, unit, bin_s, option, column,
                                             cue_column, None, time_unit))
        target = OutputDir(out, force)
        res = do_fit(model, trials, method="mle", seed=seed, response=response)
        paths = export_events(res, out, task=task)
        target.done()
        console.print(f"{len(paths)} events files written to [bold]{out}[/bold]")
