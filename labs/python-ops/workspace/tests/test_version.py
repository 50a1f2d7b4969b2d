from opsctl import __version__
from opsctl.cli import app
from typer.testing import CliRunner


def test_version_prints_the_version():
    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.strip() == __version__
