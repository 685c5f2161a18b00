"""``python -m remission`` runs the command line."""

from remission.cli import run

run()
