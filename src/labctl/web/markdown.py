"""Task texts to HTML: CommonMark plus tables, with raw HTML off (it is shown as text)."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def to_html(text: str) -> str:
    return str(_renderer().render(text))
