"""`python3 -m opsctl ...` runs the command line."""

from opsctl.cli import app

app(prog_name="opsctl")
