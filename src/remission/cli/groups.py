"""``remission compare-groups``: a hierarchical fit with group-level means, and the posterior of
the difference in a parameter (default: the dual-trace erasure share ε) between groups."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from remission.cli.common import OutputDir, console, force_option, guard, parse_params


def register(app: typer.Typer, opts: dict) -> None:
    """Add ``compare-groups``; ``opts`` are the data options shared with ``fit``."""

    @app.command("compare-groups")
    @guard
    def compare_groups(
        data: Path = typer.Argument(..., help="Trial data with a group column."),
        model: str = typer.Option("dual_trace", "--model", "-m", help="Model name."),
        parameter: Optional[str] = typer.Option(None, "--parameter", help="Parameter to compare "
                                                "(default: the model's erasure share, ε)."),
        hdi: float = typer.Option(0.9, "--hdi", help="Mass of the highest-density interval."),
        out: Path = typer.Option(Path("compare_groups"), "--out", "-o", help="Output directory."),
        fit: Optional[list[str]] = typer.Option(None, "--fit", help="Parameter to fit (repeatable)."),
        param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="Fixed NAME=VALUE."),
        seed: int = typer.Option(0, "--seed", min=0),
        chains: int = typer.Option(2, "--chains", min=1),
        warmup: int = typer.Option(500, "--warmup", min=1),
        samples: int = typer.Option(500, "--samples", min=1),
        target_accept: float = typer.Option(0.9, "--target-accept"),
        fmt: str = opts["fmt"], press: Optional[list[str]] = opts["press"],
        delivery: Optional[list[str]] = opts["delivery"], unit: str = opts["unit"],
        bin_s: float = opts["bin_s"], option: Optional[list[str]] = opts["option"],
        column: Optional[list[str]] = opts["column"], cue_column: Optional[list[str]] = opts["cue_column"],
        group_column: str = typer.Option("group", "--group-column", help="Column naming each subject's group."),
        time_unit: str = opts["time_unit"], response: str = opts["response"],
        force: bool = force_option(),
    ):
        """Fit MODEL hierarchically with one mean per group (NUTS) and report, for every pair of
        groups, the posterior of the difference in PARAMETER with its HDI: group_differences.csv,
        group_differences.png, and the fit's own outputs."""
        from remission.cli.fitting import data_args, read_data
        from remission.errors import RemissionError
        from remission.fitting import fit as do_fit
        from remission.fitting.groups import difference_figure, differences

        fixed = parse_params(param)
        trials = read_data(data, **data_args(fmt, press, delivery, unit, bin_s, option, column,
                                             cue_column, group_column, time_unit))
        target = OutputDir(out, force)
        if trials.groups is None:
            raise RemissionError(f"{data}: no group column {group_column!r}; name it with --group-column")
        res = do_fit(model, trials, method="bayes", fit=fit or None, fixed=fixed,
                     seed=seed, chains=chains, warmup=warmup, samples=samples,
                     target_accept=target_accept, response=response)
        table, draws = differences(res, parameter, hdi_prob=hdi)
        res.save(out)
        table.to_csv(out / "group_differences.csv", index=False)
        difference_figure(table, draws, out / "group_differences.png")
        console.print(res.groups.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        console.print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        d = res.diagnostics
        console.print(f"max R-hat {d['max_rhat']:.3f}, min bulk ESS {d['min_ess_bulk']:.0f}, "
                      f"{d['divergences']} divergences")
        for w in res.warnings:
            console.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
        target.done()
        console.print(f"results written to [bold]{out}[/bold]")
