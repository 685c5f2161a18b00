"""``remission fit-lcm``: grid fit of the latent cause model's α per subject (docs/MODELS.md §4)."""

from __future__ import annotations

from pathlib import Path

import typer

from remission.cli.common import OutputDir, console, force_option, guard
from remission.errors import RemissionError, input_file


def _read(path: Path):
    import pandas as pd

    path = input_file(path, "data file")
    try:
        return pd.read_csv(path, sep=None, engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise RemissionError(f"{path}: not a readable CSV/TSV file ({exc})") from None


def register(app: typer.Typer) -> None:
    """Add ``fit-lcm`` to the ``remission`` app."""

    @app.command("fit-lcm")
    @guard
    def fit_lcm(
        data: Path = typer.Argument(..., help="CSV/TSV, one row per trial: subject, us, cues, cr."),
        cues: str = typer.Option(..., "--cues", help="Comma-separated cue (and context) columns."),
        out: Path = typer.Option(Path("fit_lcm"), "--out", "-o", help="Output directory."),
        us: str = typer.Option("us", "--us", help="US column (0/1)."),
        cr: str = typer.Option("cr", "--cr", help="Conditioned response column (NaN = missing)."),
        subject: str = typer.Option("subject", "--subject", help="Subject column."),
        force: bool = force_option(),
    ):
        """Fit the LCM concentration α per subject (50-point grid on [0, 10]; Gershman & Hartley 2015).

        Writes fit_lcm.csv (E[α], argmax α, log Bayes factor vs α = 0, ...), fit_lcm_loglik.csv
        (log-likelihood and posterior per subject and α) and alpha_posterior.png.
        """
        from remission.fitting.lcm_grid import fit_alpha, loglik_table
        from remission.fitting.plots import alpha_posterior_figure

        table = _read(data)
        target = OutputDir(out, force)
        names = [c.strip() for c in cues.split(",") if c.strip()]
        fit = fit_alpha(table, names, us_column=us, cr_column=cr, subject_column=subject,
                        source=str(data))
        out.mkdir(parents=True, exist_ok=True)
        fit.to_csv(out / "fit_lcm.csv", index=False)
        loglik_table(fit).to_csv(out / "fit_lcm_loglik.csv", index=False)
        alpha_posterior_figure(fit, out / "alpha_posterior.png")
        target.done()
        console.print(f"{len(fit)} subjects fitted; mean E[α] = {fit['e_alpha'].mean():.3g}; "
                        f"results in [bold]{out}[/bold] (fit_lcm.csv, fit_lcm_loglik.csv, "
                        "alpha_posterior.png)")
