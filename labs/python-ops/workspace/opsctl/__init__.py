"""opsctl: the team's operations toolbox."""

__version__ = "0.1.0"
