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


def inline_html(text: str) -> str:
    """One paragraph's worth (a hint): `code`, *emphasis*, links; raw HTML shown as text."""
    return str(_renderer().renderInline(text))


def standing_json(standing: Any) -> dict[str, Any]:
    """A learner's standing (labctl.core.standing.Standing) for the page: the revealed hints
    also as HTML."""
    data: dict[str, Any] = standing.to_dict()
    for task in data["tasks"]:
        task["hints_html"] = [inline_html(h) for h in task["hints"]]
    return data
