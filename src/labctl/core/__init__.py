"""Lifecycle of environments: up, down, status, grade, solve, test, class."""
