"""Thin Typer commands: parse -> call core -> print -> exit code."""
