# Shared by fanout variants: `opsctl run` calls opsctl.remote.main(inventory, report, command)
# -> exit code, with the inventory loaded (and validated) by the config task's code.
cat >> /lab/opsctl/cli.py <<'PY'


@app.command("run")
def run_cmd(command: List[str], inventory: Path = typer.Option(Path("hosts.yaml")),
            report: Optional[Path] = typer.Option(None)) -> None:
    """Run COMMAND on every host (variant)."""
    from opsctl import remote
    from opsctl.inventory import hosts, load

    setup_logging()
    code = remote.main(hosts(load(inventory)), report, " ".join(command))
    raise typer.Exit(code)
PY
# the reference cli already has a `run` command: drop it so this one is the only one
python3 - <<'PY'
import re
p = "/lab/opsctl/cli.py"
s = open(p).read()
start = s.index("@app.command()\ndef run(")
end = s.index("@app.command()\ndef health(")
open(p, "w").write(s[:start] + s[end:])
PY
