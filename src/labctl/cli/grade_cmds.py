"""Grading commands: grade, hint, solve, progress, test."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Registered by the grading module once it lands."""
