"""YAML for labctl's own file formats: safe, and strict about keys written twice.

PyYAML keeps the last of two equal keys without a word, so a lab author who writes
`points:` twice gets whichever came last. Here that is an error naming both lines.
"""

from __future__ import annotations

from typing import Any

import yaml

from labctl.errors import SpecError


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # SafeLoader reports unhashable keys itself
            line = key_node.start_mark.line + 1
            if key in seen:
                raise DuplicateKey(
                    f"while reading a mapping (line {seen[key]})", node.start_mark,
                    f"key {key!r} is written twice: on line {seen[key]} and on line {line}",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load(text: str, display: str, *, what: str = "file") -> tuple[Any, yaml.Node | None]:
    """(data, root node) of a YAML document, or a SpecError at file:line."""
    loader = StrictLoader(text)
    try:  # one parse: the node tree (for line numbers) and the data built from it
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except DuplicateKey as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise SpecError(f"{exc.problem}; keep one of them", file=display, line=line,
                        hint=f"In YAML the second silently replaces the first; this {what} refuses that.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(
            f"invalid YAML: {problem}", file=display, line=line,
            hint="Fix the YAML syntax (indentation, quotes, colons).",
        ) from None
    finally:
        loader.dispose()
    return data, root
