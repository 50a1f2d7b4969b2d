"""Jinja2 rendering of a lab's templates into an environment's workdir.

StrictUndefined: a template that names a variable the context lacks is an
error naming the template file and line, never an empty string in a
compose file. Output is deterministic for a given context.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from labctl import paths
from labctl.errors import SpecError
from labctl.spec.loader import Lab

TEMPLATE_SUFFIX = ".j2"


def jinja_env(lab: Lab) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(lab.templates_dir)),
            jinja2.FileSystemLoader(str(paths.shared_templates_dir())),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["to_yaml_str"] = _yaml_str
    return env


def _yaml_str(value: Any) -> str:
    """Quote a value for safe use as a YAML scalar."""
    import json

    return json.dumps(str(value))


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The template line an exception was raised at, from jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename.endswith(filename):
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def render_string(env: jinja2.Environment, name: str, source_file: str, context: Mapping[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise SpecError(
            f"template '{exc.name}' not found in the lab's templates/ or the shared templates/",
            file=source_file,
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise SpecError(
            f"template syntax error: {exc.message}",
            file=exc.filename or source_file, line=exc.lineno,
        ) from exc
    except jinja2.UndefinedError as exc:
        tmpl_file = None
        with contextlib.suppress(jinja2.TemplateError):
            tmpl_file = env.get_template(name).filename
        raise SpecError(
            f"undefined template variable: {exc.message}",
            file=tmpl_file or source_file,
            line=_template_line(exc, tmpl_file),
            hint="Define it as a lab parameter, or use one of: "
            + ", ".join(sorted(context)) + ".",
        ) from exc


TEXT_NAME = "<template>"  # what jinja names a template made from a string


def render_text(lab: Lab, text: str, context: Mapping[str, Any], *, source: str, field: str | None = None,
                line: int | None = None) -> str:
    """Render a text of the lab (a task's instructions, a hint) with StrictUndefined; errors name
    the file and, where jinja tells, the line (`line` is where the text starts in that file, for
    texts inside lab.yaml)."""
    env = jinja_env(lab)
    env.loader = None

    def where(found: int | None) -> int | None:
        if found is None:
            return line
        return found if line is None else line + found - 1

    try:
        return env.from_string(text).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        go_template = re.search(r"\{\{-?\s*\.", text) is not None
        raise SpecError(f"template syntax error: {exc.message}", file=source, field=field,
                        line=where(exc.lineno),
                        hint="It holds a Docker/Go template ({{.Field}}): wrap it in {% raw %}...{% endraw %} "
                        "so Jinja2 leaves it alone." if go_template else None) from None
    except jinja2.UndefinedError as exc:
        raise SpecError(
            f"undefined template variable: {exc.message}", file=source, field=field,
            line=where(_template_line(exc, TEXT_NAME)),
            hint="Texts see the same variables as templates (docs/lab-authoring.md): "
            + ", ".join(sorted(context)) + "; define a lab parameter for a new value.",
        ) from None
    except jinja2.TemplateError as exc:
        raise SpecError(f"cannot render the text: {exc}", file=source, field=field, line=line) from None


def render_template(lab: Lab, name: str, context: Mapping[str, Any]) -> str:
    """Render one template by name (lab templates first, then shared ones)."""
    return render_string(jinja_env(lab), name, str(lab.templates_dir / name), context)


def render_tree(lab: Lab, src: Path, dest: Path, context: Mapping[str, Any]) -> list[Path]:
    """Copy a folder into dest, rendering every *.j2 file (suffix dropped)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(src)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    written: list[Path] = []
    for item in sorted(src.rglob("*")):
        rel = item.relative_to(src)
        if item.is_dir():
            (dest / rel).mkdir(parents=True, exist_ok=True)
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.suffix == TEMPLATE_SUFFIX:
            target = target.with_suffix("")
            text = render_string(env, rel.as_posix(), str(item), context)
            target.write_text(text, encoding="utf-8")
            shutil.copymode(item, target)
        else:
            shutil.copy2(item, target)
        written.append(target)
    return written


def write_file(path: Path, text: str) -> None:
    """Write atomically, so an interrupted render never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)



