"""Ways into a running env: containers to exec in, shell exports, task texts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from labctl import render
from labctl.backends.base import backends_for
from labctl.core.environment import context, require_env
from labctl.core.solve import exec_backend
from labctl.errors import NotFoundError, UserInputError
from labctl.spec.loader import Lab
from labctl.spec.names import DEFAULT_ENV
from labctl.spec.textfile import read_text
from labctl.state import Store

if TYPE_CHECKING:
    from labctl.backends.dockertty import TtyChannel

#: what the browser terminal's shell is told about the terminal it runs on
TERMINAL_ENV = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}
#: a login shell in the user's home directory (docker exec sets HOME from /etc/passwd)
TERMINAL_SHELL = ["sh", "-c", 'cd "$HOME" 2>/dev/null; exec bash -l']


def exec_command(
    store: Store, lab: Lab, env: str, service: str | None, argv: Sequence[str] | None = None,
    *, interactive: bool = True, tty: bool = True,
) -> list[str]:
    """The command line that runs `argv` (default: a login shell) in a service of the env;
    the lab's workspace service if none is named."""
    part = lab.spec.environment.compose
    if part is None:
        raise UserInputError(
            f"lab {lab.id} has no containers to enter (it uses "
            f"{', '.join(lab.spec.environment.backends())}).",
            hint=f"Use the workspace folder shown by `labctl status {lab.id}`.",
        )
    record = require_env(store, lab, env)
    service = service or part.workspace
    if service is None:
        raise UserInputError(f"lab {lab.id} has no workspace service; name one: labctl shell "
                             f"{lab.id} SERVICE.")
    backend = exec_backend(context(lab, record), service)
    return backend.exec_command(service, list(argv or ["bash"]), interactive=interactive, tty=tty)


def open_terminal(store: Store, lab: Lab, env: str) -> TtyChannel:
    """A login shell on a pseudo-terminal in the env's workspace container (the browser's
    `labctl shell`). Class students get the account they would SSH in as; a learner's own env,
    the container's default user, as `labctl shell` does. Labs whose learners drive the host's
    Docker engine get none: a browser tab holding the Docker socket is the host."""
    part = lab.spec.environment.compose
    if lab.spec.host_docker:
        raise UserInputError(
            f"lab {lab.id} gives its learners the host's Docker engine (host_docker: true), so labctl "
            "opens no browser terminal for it.",
            hint=f"Use `labctl shell {lab.id}` in a terminal on this machine.",
        )
    if part is None or part.workspace is None:
        raise UserInputError(
            f"lab {lab.id} has no workspace container to open a terminal in (it uses "
            f"{', '.join(lab.spec.environment.backends())}).",
            hint=f"Use the workspace folder shown by `labctl status {lab.id}`.",
        )
    record = require_env(store, lab, env)
    backend = exec_backend(context(lab, record), part.workspace)
    user = part.ssh_user if record.class_name else None
    return backend.terminal(part.workspace, TERMINAL_SHELL, user=user, env=TERMINAL_ENV)


def logs_commands(store: Store, lab: Lab, env: str, service: str | None, *, tail: int,
                  follow: bool) -> list[list[str]]:
    """The command lines that show the env's logs, one per part that has any."""
    ctx = context(lab, require_env(store, lab, env))
    found = [b.logs_command(service, tail=tail, follow=follow) for b in backends_for(ctx)]
    return [argv for argv in found if argv]


def env_vars(store: Store, lab: Lab, env: str) -> dict[str, str]:
    record = require_env(store, lab, env)
    ctx = context(lab, record)
    values = {"LABCTL_LAB": lab.id, "LABCTL_ENV": env, "LABCTL_WORKSPACE": str(ctx.workspace)}
    for backend in backends_for(ctx):
        values.update(backend.env_vars())
    return values


def _env_context(store: Store, lab: Lab, env: str) -> dict[str, object]:
    """Template variables of an env (or of the lab's defaults before its first `up`)."""
    record = store.get_env(lab.id, env)
    if record is None and env != DEFAULT_ENV:
        record = require_env(store, lab, env)
    if record is None:
        from labctl.core.validate import placeholder_context

        return placeholder_context(lab, lab.path).template_context()
    return context(lab, record).template_context()


def render_task_text(store: Store, lab: Lab, env: str, text: str, *, source: str, field: str | None = None,
                     line: int | None = None) -> str:
    """Render a task text (instructions, hints) with the env's own parameters filled in; a text
    that does not render is the lab's bad input (exit 2), naming its file and line."""
    return render.render_text(lab, text, _env_context(store, lab, env), source=source, field=field, line=line)


def hint_text(store: Store, lab: Lab, env: str, task_id: str, index: int) -> str:
    """Hint `index` (0-based) of a task, rendered with the env's parameters."""
    from labctl.spec.loader import line_of

    position = next(i for i, t in enumerate(lab.spec.tasks) if t.id == task_id)
    task = lab.spec.tasks[position]
    loc: tuple[int | str, ...] = ("tasks", position, "hints", index)
    return render_task_text(store, lab, env, task.hints[index], source=str(lab.spec_file),
                            field=f"tasks[{position}].hints[{index}]", line=line_of(lab, loc))


def task_instructions(store: Store, lab: Lab, env: str, task_id: str) -> str:
    task = lab.spec.task(task_id)
    if task is None:
        ids = ", ".join(t.id for t in lab.spec.tasks)
        raise NotFoundError(f"lab {lab.id} has no task '{task_id}'; its tasks: {ids}.")
    source = lab.file(task.instructions)
    text = read_text(source, "task text")
    return render_task_text(store, lab, env, text, source=str(source))
