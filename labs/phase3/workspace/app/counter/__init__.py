"""A visit counter backed by Redis."""

__version__ = "1.0.0"
