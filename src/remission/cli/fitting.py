"""CLI commands for fitting: ``fit``, ``compare``, ``recover``, ``export-regressors``.

Registered into :mod:`remission.cli` through ``_EXTENSIONS``; every :class:`RemissionError` exits
with status 2 and no traceback (the wrapper below also guards direct ``app()`` use).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import console, guard as _guard, parse_mapping as _mapping, parse_params
from remission.errors import RemissionError


def read_data(path: Path, fmt: str, press: list[str] | None, delivery: list[str] | None,
              unit: str, bin_s: float, options: list[str] | None):
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
    return load_data(path, **({"options": codes} if codes else {}))


def register(app: typer.Typer) -> None:
    """Add the fitting commands to ``app``."""
    from remission.cli import lcm

    lcm.register(app)

    fmt_opt = typer.Option("auto", "--format", help="auto, tidy, hbayesdm or medpc.")
    press_opt = typer.Option(None, "--press", help="MED-PC: OPTION=ARRAY of press time stamps.")
    deliv_opt = typer.Option(None, "--delivery", help="MED-PC: OPTION=ARRAY of delivery stamps.")
    unit_opt = typer.Option("cs", "--unit", help="MED-PC time-stamp unit: ms, cs, ds, s, min.")
    bin_opt = typer.Option(20.0, "--bin", help="MED-PC: seconds per step.")
    option_opt = typer.Option(None, "--option", help="choice code mapping CODE=OPTION, e.g. 1=drug.")

    @app.command("fit")
    @_guard
    def fit_cmd(
        data: Path = typer.Argument(..., help="Trial data (tidy CSV/TSV/Parquet, hBayesDM, MED-PC)."),
        model: str = typer.Option("rescorla_wagner", "--model", "-m", help="Model name."),
        method: str = typer.Option("mle", "--method", help="mle or bayes."),
        out: Path = typer.Option(Path("fit"), "--out", "-o", help="Output directory."),
        fit: Optional[list[str]] = typer.Option(None, "--fit", help="Parameter to fit (repeatable)."),
        param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="Fixed NAME=VALUE."),
        seed: int = typer.Option(0, "--seed", min=0),
        starts: int = typer.Option(4, "--starts", min=1, help="MLE starting points."),
        chains: int = typer.Option(2, "--chains", min=1),
        warmup: int = typer.Option(500, "--warmup", min=1),
        samples: int = typer.Option(500, "--samples", min=1),
        target_accept: float = typer.Option(0.8, "--target-accept"),
        fmt: str = fmt_opt, press: Optional[list[str]] = press_opt,
        delivery: Optional[list[str]] = deliv_opt, unit: str = unit_opt, bin_s: float = bin_opt,
        option: Optional[list[str]] = option_opt,
    ):
        """Fit MODEL to DATA; write params.csv, subjects.csv, fit.json, figures (+ posterior.nc)."""
        from remission.fitting import fit as do_fit

        trials = read_data(data, fmt, press, delivery, unit, bin_s, option)
        res = do_fit(model, trials, method=method, fit=fit or None, fixed=parse_params(param),
                     seed=seed, starts=starts, chains=chains, warmup=warmup, samples=samples,
                     target_accept=target_accept)
        res.save(out)
        summary = res.params.groupby("parameter", sort=False)["estimate"].describe()[["mean", "std", "min", "max"]]
        console.print(f"{res.model} ({res.method}) on {trials.n_subjects} subjects")
        console.print(summary.to_string(float_format=lambda v: f"{v:.4g}"))
        for w in res.warnings:
            console.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
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
        option: Optional[list[str]] = option_opt,
    ):
        """Fit several models to DATA and rank them (table compare.csv and compare.png)."""
        from remission.fitting import compare
        from remission.fitting.plots import compare_figure

        trials = read_data(data, fmt, press, delivery, unit, bin_s, option)
        kw = {"seed": seed} | ({"chains": chains, "warmup": warmup, "samples": samples}
                              if method == "bayes" else {})
        table, _ = compare(model, trials, method=method, **kw)
        out.mkdir(parents=True, exist_ok=True)
        table.to_csv(out / "compare.csv", index=False)
        compare_figure(table, out / "compare.png", "bic" if method == "mle" else "elpd_loo")
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
    ):
        """Simulate SUBJECTS x TRIALS from known parameters, refit, write recovery.csv + figure."""
        from remission.fitting.plots import matrix_figure, recovery_figure
        from remission.fitting.recovery import model_recovery, parameter_recovery

        summary, pairs = parameter_recovery(model, subjects, trials, seed=seed, fit=fit or None)
        out.mkdir(parents=True, exist_ok=True)
        summary[["model", "parameter", "n_subjects", "n_trials", "r", "rmse"]].to_csv(out / "recovery.csv", index=False)
        pairs.to_csv(out / "recovery_pairs.csv", index=False)
        recovery_figure(pairs, summary, out / "recovery.png")
        console.print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if confusion:
            matrix = model_recovery([model] + [m for m in confusion if m != model], subjects, trials, seed)
            matrix.to_csv(out / "confusion.csv")
            matrix_figure(matrix, out / "confusion.png", "model recovery (share of subjects)")
            console.print(matrix.to_string(float_format=lambda v: f"{v:.2f}"))

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
        option: Optional[list[str]] = option_opt,
    ):
        """Fit MODEL by MLE and write per-trial latent variables as BIDS _events.tsv files."""
        from remission.fitting import export_events, fit as do_fit

        trials = read_data(data, fmt, press, delivery, unit, bin_s, option)
        res = do_fit(model, trials, method="mle", seed=seed)
        paths = export_events(res, out, task=task)
        console.print(f"{len(paths)} events files written to [bold]{out}[/bold]")
