# A validate command whose core is in opsctl/check.py (written by the variant before this runs
# or after): check.run(path) -> exit code.
cat >> /lab/opsctl/cli.py <<'PY'


@app.command()
def validate(file: str) -> None:
    """Validate an inventory."""
    from opsctl import check

    raise typer.Exit(check.run(file))
PY
