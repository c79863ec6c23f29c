"""`flask abcd graph ...`: the batch refresh of the network's stored metrics (run it from cron or a job)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from abcd.extensions import db
from abcd.network import refresh as batch

graph_cli = AppGroup("graph", help="The network graph: connector scores, communities and positions.")


@graph_cli.command("refresh")
@click.option("--engine", type=click.Choice(["auto", "igraph", "networkx"]), default="auto", show_default=True)
@click.option("--samples", type=click.IntRange(10, 5000), default=100, show_default=True,
              help="Sources sampled for betweenness (more is slower and more exact).")  # fmt: skip
@click.option("--if-stale", is_flag=True, help="Do nothing when the stored metrics describe the current graph.")
def refresh_command(engine: str, samples: int, if_stale: bool) -> None:
    """Recompute connector scores, communities and layout positions, and store them."""
    if if_stale and batch.metrics_are_current():
        click.echo("Network metrics are up to date.")
        return
    report = batch.refresh_metrics(engine, samples)
    db.session.commit()
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.seconds.items())
    click.echo(
        f"Network metrics for graph version {report.version} ({report.nodes} nodes, {report.edges} edges) "
        f"with {report.engine}: {steps}."
    )
