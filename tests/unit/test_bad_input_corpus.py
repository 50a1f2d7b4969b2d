"""The bad-input corpus: specs, templates, task texts, checks, solutions, rosters, CLI options,
environment variables and broken state stores, each as a user or lab author could get it wrong.

Every case must end with its exit code (2 for bad input; 1 for a damaged store labctl made),
no traceback, no "internal error", and a message naming the offending file, field or option.
Cases mutate a copy of the `basic` fixture lab (or write their own files) in a fresh labctl
home; none needs a Docker engine. tests/unit/test_spec_corpus.py holds the folder cases of
tests/fixtures/invalid; together they are the corpus (see test_the_corpus_is_big_enough).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from labctl.cli.app import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASE_LAB = FIXTURES / "labs" / "basic"

LATIN1 = "title: Caf\xe9 lab\n".encode("latin-1")


@dataclass
class Case:
    id: str
    argv: list[str]
    says: tuple[str, ...]
    code: int = 2
    #: files under the lab copy: text, bytes, or None to delete
    files: dict[str, str | bytes | None] = field(default_factory=dict)
    #: (old, new) replacements in the copy's lab.yaml
    replace: tuple[tuple[str, str], ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None


def spec(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return pairs


VALIDATE = ["validate", "{lab}"]
CREATE = ["class", "create", "c1", "--lab", "{lab}", "--roster", "{tmp}/roster.csv"]


def roster(text: str | bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        (tmp / "roster.csv").write_bytes(text if isinstance(text, bytes) else text.encode())
    return write


def good_roster(tmp: Path) -> None:
    roster("id,name,email\nu1,Ann,a@x.org\n")(tmp)


def store_bytes(data: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        (tmp / "home").mkdir(exist_ok=True)
        (tmp / "home" / "state.db").write_bytes(data)
    return write


def truncated_store(tmp: Path) -> None:
    home = tmp / "home"
    assert run(["status"]) == 0
    conn = sqlite3.connect(home / "state.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(home / "state.db", "r+b") as fh:
        fh.truncate(9000)


def future_store(tmp: Path) -> None:
    home = tmp / "home"
    assert run(["status"]) == 0
    conn = sqlite3.connect(home / "state.db")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def lab_yaml_dir(tmp: Path) -> None:
    spec_file = tmp / "labs" / "basic" / "lab.yaml"
    spec_file.unlink()
    spec_file.mkdir()


def lab_yaml_loop(tmp: Path) -> None:
    spec_file = tmp / "labs" / "basic" / "lab.yaml"
    spec_file.unlink()
    spec_file.symlink_to(spec_file)


def lab_yaml_dangling(tmp: Path) -> None:
    spec_file = tmp / "labs" / "basic" / "lab.yaml"
    spec_file.unlink()
    spec_file.symlink_to(tmp / "nowhere.yaml")


def many_students(tmp: Path) -> None:
    rows = "".join(f"s{i},Student {i},s{i}@x.org\n" for i in range(1001))
    roster("id,name,email\n" + rows)(tmp)


TASK_MD = "tasks/greeting.md"
CHECK = "checks/test_greeting.py"
SOLUTION = "solution/greeting.sh"

CASES: list[Case] = [
    # -- lab.yaml: encodings, sizes, file kinds --------------------------------------
    Case("spec-binary", VALIDATE, ("lab.yaml", "not UTF-8", "binary"), files={"lab.yaml": os.urandom(64) + b"\0\0"}),
    Case("spec-latin1", VALIDATE, ("lab.yaml", "Latin-1", "iconv")),
    Case("spec-utf16", VALIDATE, ("lab.yaml", "UTF-16", "iconv")),
    Case("spec-folder", VALIDATE, ("lab.yaml", "is a folder")),
    Case("spec-symlink-loop", VALIDATE, ("lab.yaml", "symlink loop"), setup=lab_yaml_loop),
    Case("spec-dangling-symlink", VALIDATE, ("lab.yaml", "symlink to nothing"), setup=lab_yaml_dangling),
    Case("spec-missing", VALIDATE, ("lab.yaml", "does not exist"), files={"lab.yaml": None}),
    Case("spec-too-big", VALIDATE, ("lab.yaml", "at most 1.0 MB"), replace=spec(("phase: 0", "phase: 0\n#" + "x" * 1_100_000))),
    Case("spec-empty", VALIDATE, ("lab.yaml", "mapping of fields"), files={"lab.yaml": ""}),
    Case("spec-a-list", VALIDATE, ("lab.yaml:1", "mapping"), files={"lab.yaml": "- id: basic\n"}),
    Case("spec-a-scalar", VALIDATE, ("lab.yaml:1", "mapping"), files={"lab.yaml": "just words\n"}),
    Case("spec-tab-indent", VALIDATE, ("lab.yaml", "invalid YAML"), replace=spec(("phase: 0", "phase:\n\t0"))),
    Case("spec-unclosed-quote", VALIDATE, ("lab.yaml", "invalid YAML"), replace=spec(("phase: 0", 'phase: "0'))),
    Case("spec-duplicate-key", VALIDATE, ("lab.yaml:", "'title' is written twice", "line 5"),
         replace=spec(("phase: 0", "phase: 0\ntitle: again"))),
    Case("spec-duplicate-task-key", VALIDATE, ("'points' is written twice",), replace=spec(("points: 4", "points: 4\n    points: 5"))),
    # -- lab.yaml: fields ----------------------------------------------------------------
    Case("id-uppercase", VALIDATE, ("field 'id'", "^[a-z0-9]+"), replace=spec(("id: basic", "id: Basic"))),
    Case("id-double-dash", VALIDATE, ("field 'id'", "pattern"), replace=spec(("id: basic", "id: ba--sic"))),
    Case("id-too-long", VALIDATE, ("field 'id'", "40"), replace=spec(("id: basic", "id: " + "b" * 41))),
    Case("task-id-invalid", VALIDATE, ("field 'tasks[0].id'",), replace=spec(("id: greeting", "id: Greeting!"))),
    Case("points-word", VALIDATE, ("field 'tasks[0].points'",), replace=spec(("points: 4", "points: four"))),
    Case("points-float", VALIDATE, ("field 'tasks[0].points'",), replace=spec(("points: 4", "points: 4.5"))),
    Case("hint-penalty-negative", VALIDATE, ("field 'hint_penalty'",), replace=spec(("hint_penalty: 1", "hint_penalty: -1"))),
    Case("check-timeout-zero", VALIDATE, ("field 'check_timeout'",), replace=spec(("check_timeout: 10", "check_timeout: 0"))),
    Case("minutes-negative", VALIDATE, ("field 'estimated_minutes'",), replace=spec(("estimated_minutes: 5", "estimated_minutes: -5"))),
    Case("param-name-invalid", VALIDATE, ("field 'parameters[0].name'",), replace=spec(("name: greeting", "name: Greeting-Word"))),
    Case("param-type-unknown", VALIDATE, ("field 'parameters[0].type'",), replace=spec(("type: str\n    default: hello", "type: float\n    default: hello"))),
    Case("param-default-wrong-type", VALIDATE, ("field 'parameters[1]'",), replace=spec(("default: 42", "default: forty-two"))),
    Case("choice-empty", VALIDATE, ("field 'parameters[2].generator", "choices"), replace=spec(("choices: [red, green, blue]", "choices: []"))),
    Case("hex-too-long", VALIDATE, ("field 'parameters[3].generator.length'",), replace=spec(("length: 8", "length: 100"))),
    Case("param-duplicate", VALIDATE, ("duplicate parameter name",), replace=spec(("name: magic", "name: greeting"))),
    Case("environment-empty", VALIDATE, ("field 'environment'", "no backend"), replace=spec(("environment:\n  compose:", "environment: {}\nx_compose:"))),
    Case("port-out-of-range", VALIDATE, ("field 'environment.compose.ports[0].target'",), replace=spec(("target: 8080", "target: 70000"))),
    Case("port-protocol", VALIDATE, ("field 'environment.compose.ports[0].protocol'",), replace=spec(("target: 8080}", "target: 8080, protocol: sctp}"))),
    Case("port-scheme", VALIDATE, ("field 'environment.compose.ports[0].scheme'",), replace=spec(("target: 8080}", "target: 8080, scheme: ftp}"))),
    Case("memory-words", VALIDATE, ("field 'environment.compose.limits.memory'", "^\\d+[kmgKMG]?$"), replace=spec(("memory: 256m", "memory: lots"))),
    Case("pids-zero", VALIDATE, ("field 'environment.compose.limits.pids'",), replace=spec(("pids: 200", "pids: 0"))),
    Case("ready-timeout-zero", VALIDATE, ("field 'environment.compose.ready_timeout'",), replace=spec(("ready_timeout: 60", "ready_timeout: 0"))),
    Case("ssh-user-invalid", VALIDATE, ("field 'environment.compose.ssh_user'",), replace=spec(("ready_timeout: 60", "ready_timeout: 60\n    ssh_user: Root!"))),
    Case("hints-not-a-list", VALIDATE, ("field 'tasks[1].hints'",), replace=spec(("hints:\n      - The web service serves /srv over HTTP.", "hints: 7"))),
    Case("checks-empty", VALIDATE, ("field 'tasks[0].checks'",), replace=spec(("checks: [checks/test_greeting.py]", "checks: []"))),
    Case("run-in-not-a-string", VALIDATE, ("field 'tasks[1].solution", "run_in"), replace=spec(("run_in: web", "run_in: [web]"))),
    # -- paths that leave the lab or name the wrong kind of file ----------------------
    Case("instructions-outside", VALIDATE, ("field 'tasks[0].instructions'", "leaves the lab folder"),
         replace=spec((f"instructions: {TASK_MD}", "instructions: ../../../../etc/passwd"))),
    Case("check-outside", VALIDATE, ("field 'tasks[0].checks[0]'", "leaves the lab folder"),
         replace=spec((f"checks: [{CHECK}]", "checks: [../../../../etc/passwd]"))),
    Case("check-absolute", VALIDATE, ("field 'tasks[0].checks[0]'", "leaves the lab folder"),
         replace=spec((f"checks: [{CHECK}]", "checks: [/etc/passwd]"))),
    Case("solution-outside", VALIDATE, ("field 'tasks[0].solution'", "leaves the lab folder"),
         replace=spec((f"solution: {SOLUTION}", "solution: ../../evil.sh"))),
    Case("instructions-folder", VALIDATE, ("field 'tasks[0].instructions'", "is a folder"),
         replace=spec((f"instructions: {TASK_MD}", "instructions: tasks"))),
    Case("workspace-missing", VALIDATE, ("field 'workspace'", "does not exist"), replace=spec(("workspace: workspace\ntasks", "workspace: nope\ntasks"))),
    Case("workspace-a-file", VALIDATE, ("field 'workspace'", "is a file, not a folder"), replace=spec(("workspace: workspace\ntasks", "workspace: tasks/page.md\ntasks"))),
    Case("check-symlink-out", VALIDATE, ("field 'tasks[0].checks[0]'", "leaves the lab folder"),
         setup=lambda tmp: (tmp / "labs/basic" / CHECK).unlink() or (tmp / "labs/basic" / CHECK).symlink_to("/etc/passwd")),
    # -- checks -----------------------------------------------------------------------
    Case("check-node-missing", VALIDATE, ("field 'tasks[0].checks[0]'", "does not define"),
         replace=spec((f"checks: [{CHECK}]", f"checks: ['{CHECK}::test_nope']"))),
    Case("check-class-node-missing", VALIDATE, ("TestX::test_y", "does not define"),
         replace=spec((f"checks: [{CHECK}]", f"checks: ['{CHECK}::TestX::test_y']"))),
    Case("check-syntax-error", VALIDATE, ("test_greeting.py:2", "not valid Python"), files={CHECK: "def test_x(:\n    pass\n"[:0] + "import os\ndef test_x(:\n    pass\n"}),
    Case("check-latin1", VALIDATE, ("test_greeting.py", "Latin-1"), files={CHECK: "# caf\xe9\ndef test_x():\n    pass\n".encode("latin-1")}),
    Case("check-binary", VALIDATE, ("test_greeting.py", "binary"), files={CHECK: b"\x7fELF\0\0\0\x01\x02"}),
    # -- task texts and hints ---------------------------------------------------------
    Case("task-undefined-var", VALIDATE, ("greeting.md:2", "undefined template variable", "nope"), files={TASK_MD: "# Greeting\nWrite {{ params.nope }}.\n"}),
    Case("task-syntax-error", VALIDATE, ("greeting.md:1", "syntax error"), files={TASK_MD: "Write {{ params.greeting\n"}),
    Case("task-latin1", VALIDATE, ("greeting.md", "Latin-1", "iconv"), files={TASK_MD: "Caf\xe9\n".encode("latin-1")}),
    Case("task-utf16", VALIDATE, ("greeting.md", "UTF-16"), files={TASK_MD: "Greeting\n".encode("utf-16")}),
    Case("task-too-big", VALIDATE, ("greeting.md", "at most 256 KB"), files={TASK_MD: "x" * 300_000}),
    Case("hint-undefined-var", VALIDATE, ("field 'tasks[0].hints[0]'", "undefined template variable"),
         replace=spec(("- Look at /srv in the web service.", "- Look at {{ params.where }}."))),
    Case("hint-go-template", VALIDATE, ("field 'tasks[0].hints[1]'", "syntax error", "raw"),
         replace=spec(("- The file is /srv/greeting.txt", "- Run docker inspect -f '{{.State.Status}}'; the file is /srv/greeting.txt"))),
    Case("task-cmd-latin1", ["task", "{lab}", "greeting"], ("greeting.md", "Latin-1"), files={TASK_MD: "Caf\xe9\n".encode("latin-1")}),
    Case("task-cmd-undefined", ["task", "{lab}", "greeting"], ("greeting.md:1", "undefined template variable"), files={TASK_MD: "{{ nope }}\n"}),
    Case("task-cmd-unknown-task", ["task", "{lab}", "nope"], ("no task 'nope'", "greeting")),
    Case("hint-cmd-no-env", ["hint", "{lab}", "greeting"], ("no env 'default'", "labctl up")),
    # -- solutions --------------------------------------------------------------------
    Case("run-in-unknown-service", VALIDATE, ("field 'tasks[1].solution'", "'nosuch'", "web, workspace"),
         replace=spec(("run_in: web", "run_in: nosuch"))),
    Case("run-in-workspace-without-one", VALIDATE, ("field 'tasks[0].solution'", "workspace service"),
         replace=spec(("run_in: web", "run_in: workspace"), ("    workspace: workspace\n", ""))),
    Case("solution-bash-syntax", VALIDATE, ("greeting.sh:2", "does not parse as bash"), files={SOLUTION: "echo hi\nif then fi\n"}),
    Case("solution-latin1", VALIDATE, ("greeting.sh", "Latin-1"), files={SOLUTION: "echo caf\xe9\n".encode("latin-1")}),
    # -- templates --------------------------------------------------------------------
    Case("compose-not-yaml", VALIDATE, ("compose.yaml.j2", "not valid YAML"), files={"templates/compose.yaml.j2": "services: [unclosed\n"}),
    Case("compose-no-services", VALIDATE, ("compose.yaml.j2", "no 'services' mapping"), files={"templates/compose.yaml.j2": "version: '3'\n"}),
    Case("compose-undefined-var", VALIDATE, ("compose.yaml.j2:1", "undefined"), files={"templates/compose.yaml.j2": "{{ nope }}\n"}),
    Case("workspace-template-undefined", VALIDATE, ("README.md.j2", "undefined"), files={"workspace/README.md.j2": "{{ params.nope }}\n"}),
    # -- CLI options ------------------------------------------------------------------
    Case("env-dotdot", ["up", "{lab}", "--env", ".."], ("env name", "--env", "lowercase letters")),
    Case("env-path", ["up", "{lab}", "--env", "x/../../.."], ("env name", "--env")),
    Case("env-300", ["up", "{lab}", "--env", "e" * 300], ("env name", "300 characters")),
    Case("env-upper", ["down", "{lab}", "--env", "Web"], ("env name", "--env")),
    Case("env-space", ["grade", "{lab}", "--env", "a b"], ("env name",)),
    Case("env-unicode", ["status-never", "--env", "é"], ("No such command",), code=2),
    Case("env-unicode-up", ["up", "{lab}", "--env", "héllo"], ("env name",)),
    Case("bind-999", ["up", "{lab}", "--bind", "999.1.1.1"], ("--bind", "999.1.1.1", "IPv4")),
    Case("bind-word", ["up", "{lab}", "--bind", "localhost-ish"], ("--bind", "IPv4")),
    Case("bind-ipv6", ["up", "{lab}", "--bind", "::1"], ("--bind", "IPv4")),
    Case("timeout-negative", ["up", "{lab}", "--timeout", "-5"], ("--timeout", "greater than or equal to 1")),
    Case("timeout-zero", ["up", "{lab}", "--timeout", "0"], ("--timeout",)),
    Case("timeout-word", ["up", "{lab}", "--timeout", "soon"], ("--timeout", "valid number")),
    Case("param-no-equals", ["up", "{lab}", "--param", "greeting"], ("--param", "NAME=VALUE")),
    Case("param-unknown", ["up", "{lab}", "--param", "nope=1"], ("unknown parameter 'nope'", "greeting")),
    Case("param-not-int", ["up", "{lab}", "--param", "magic=many"], ("parameter 'magic'", "int")),
    Case("param-not-bool", ["up", "{lab}", "--param", "verbose=maybe"], ("parameter 'verbose'", "bool")),
    Case("aws-mode-bogus", ["up", "{lab}", "--aws", "bogus"], ("--aws", "bogus")),
    Case("lab-unknown", ["up", "nosuchlab"], ("lab 'nosuchlab' not found",)),
    Case("lab-folder-missing", ["validate", "./no/such/folder"], ("does not exist",)),
    Case("solve-timeout-zero", ["solve", "{lab}", "--timeout", "0"], ("--timeout",)),
    Case("progress-limit-zero", ["progress", "{lab}", "--limit", "0"], ("--limit",)),
    Case("fail-under-101", ["grade", "{lab}", "--fail-under", "101"], ("--fail-under",)),
    Case("logs-tail-negative", ["logs", "{lab}", "--tail", "-1"], ("--tail",)),
    Case("format-bogus", ["status", "--format", "yaml"], ("--format", "yaml")),
    Case("render-out-file", ["render", "{lab}", "--out", "{tmp}/a-file"], ("cannot write the rendered lab", "a-file"),
         setup=lambda tmp: (tmp / "a-file").write_text("x")),
    Case("render-out-proc", ["render", "{lab}", "--out", "/proc/labctl-out"], ("cannot write the rendered lab", "/proc/labctl-out")),
    Case("schema-out-proc", ["schema", "--out", "/proc/labctl/schema.json"], ("--out", "/proc/labctl/schema.json")),
    Case("store-of-another-id", ["down", "{lab}", "--store", "nothex"], ("--store", "not a store id")),
    # -- classes ----------------------------------------------------------------------
    Case("class-name-invalid", ["class", "create", "Bad_Name", "--lab", "{lab}", "--roster", "{tmp}/roster.csv"],
         ("class name", "lowercase letters"), setup=good_roster),
    Case("class-name-too-long", ["class", "create", "c" * 30, "--lab", "{lab}", "--roster", "{tmp}/roster.csv"],
         ("class name", "30 characters"), setup=good_roster),
    Case("ttl-huge", [*CREATE, "--ttl", "99999999999999999999w"], ("--ttl", "at most 366d"), setup=good_roster),
    Case("ttl-zero", [*CREATE, "--ttl", "0s"], ("--ttl", "at least one second"), setup=good_roster),
    Case("ttl-word", [*CREATE, "--ttl", "soon"], ("--ttl", "not understood"), setup=good_roster),
    Case("address-word", [*CREATE, "--address", "not-an-ip"], ("--address", "not-an-ip", "IPv4"), setup=good_roster),
    Case("address-999", [*CREATE, "--address", "999.1.1.1"], ("--address",), setup=good_roster),
    Case("memory-bad", [*CREATE, "--memory", "lots"], ("--memory", "lots"), setup=good_roster),
    Case("cpus-zero", [*CREATE, "--cpus", "0"], ("--cpus",), setup=good_roster),
    Case("pids-negative", [*CREATE, "--pids", "-1"], ("--pids",), setup=good_roster),
    Case("subnet-public", [*CREATE, "--subnet-pool", "8.8.0.0/16"], ("subnet pool", "private"), setup=good_roster),
    Case("subnet-word", [*CREATE, "--subnet-pool", "lots"], ("subnet pool", "lots"), setup=good_roster),
    Case("health-interval-word", [*CREATE, "--health-interval", "often"], ("--health-interval", "often"), setup=good_roster),
    Case("class-lab-unknown", ["class", "create", "c1", "--lab", "nosuch", "--roster", "{tmp}/roster.csv"],
         ("lab 'nosuch' not found",), setup=good_roster),
    Case("class-unknown", ["class", "up", "nosuch"], ("class 'nosuch'", "not found")),
    Case("class-parallel-zero", ["class", "up", "c1", "--parallel", "0"], ("--parallel",)),
    # -- rosters ----------------------------------------------------------------------
    Case("roster-missing", CREATE, ("roster", "roster.csv", "not found")),
    Case("roster-folder", CREATE, ("roster", "is a folder"), setup=lambda tmp: (tmp / "roster.csv").mkdir()),
    Case("roster-binary", CREATE, ("roster", "not a CSV text file", "binary"), setup=roster(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" * 50)),
    Case("roster-latin1", CREATE, ("roster", "roster.csv:2", "Latin-1"), setup=roster("id,name\nu1,Ren\xe9e\n".encode("latin-1"))),
    Case("roster-utf16", CREATE, ("roster", "UTF-16"), setup=roster("id,name\nu1,Ann\n".encode("utf-16"))),
    Case("roster-no-id", CREATE, ("roster", "no 'id' column"), setup=roster("name,email\nAnn,a@x.org\n")),
    Case("roster-empty", CREATE, ("roster", "is empty"), setup=roster("")),
    Case("roster-header-only", CREATE, ("roster", "lists no students"), setup=roster("id,name,email\n")),
    Case("roster-duplicate-id", CREATE, ("roster", "roster.csv:3", "duplicate id 'u1'"), setup=roster("id,name\nu1,A\nu1,B\n")),
    Case("roster-too-many", CREATE, ("roster", "more than 1000 students"), setup=many_students),
    Case("roster-id-space", CREATE, ("roster", "spaces"), setup=roster("id,name\nu 1,A\n")),
    Case("roster-ragged", CREATE, ("roster", "fields but the header"), setup=roster("id,name\nu1,A,extra,more\n")),
    # -- environment variables and the state store -------------------------------------
    Case("labs-path-missing", ["--labs-path", "/no/such/labs", "list"], ("--labs-path", "/no/such/labs", "does not exist")),
    Case("labs-path-a-file", ["--labs-path", "/etc/hostname", "list"], ("--labs-path", "is a file")),
    Case("labs-path-env-file", ["list"], ("LABCTL_LABS_PATH", "is a file"), env={"LABCTL_LABS_PATH": "/etc/hostname"}),
    Case("labs-path-env-missing", ["list"], ("LABCTL_LABS_PATH", "does not exist"), env={"LABCTL_LABS_PATH": "/no/such"}),
    Case("home-uncreatable", ["status"], ("data folder", "LABCTL_HOME"), env={"LABCTL_HOME": "/proc/labctl-home"}),
    Case("home-a-file", ["status"], ("data folder", "LABCTL_HOME"), env={"LABCTL_HOME": "{tmp}/a-file"},
         setup=lambda tmp: (tmp / "a-file").write_text("x")),
    Case("state-db-a-folder", ["status"], ("state store", "is a folder"), code=1,
         setup=lambda tmp: (tmp / "home" / "state.db").mkdir(parents=True)),
    Case("state-db-garbage", ["status"], ("state store", "damaged", "--repair-state"), code=1, setup=store_bytes(os.urandom(4096))),
    Case("state-db-text", ["class", "list"], ("state store", "damaged"), code=1, setup=store_bytes(b"hello, world\n" * 400)),
    Case("state-db-truncated", ["status"], ("state store", "damaged", "--repair-state"), code=1, setup=truncated_store),
    Case("state-db-future", ["status"], ("newer labctl", "schema 99"), code=1, setup=future_store),
    Case("compose-choice-bogus", ["up", "{lab}"], ("LABCTL_COMPOSE", "auto, v2, v1"), code=2, env={"LABCTL_COMPOSE": "v3"}),
]


def _materialise(case: Case, tmp: Path) -> Path:
    lab = tmp / "labs" / "basic"
    shutil.copytree(BASE_LAB, lab)
    spec_file = lab / "lab.yaml"
    if case.id == "spec-latin1":
        spec_file.write_bytes(spec_file.read_bytes().replace(b"title: Fixture lab", b"title: Caf\xe9 lab"))
    elif case.id == "spec-utf16":
        spec_file.write_bytes(spec_file.read_text().encode("utf-16"))
    elif case.id == "spec-folder":
        lab_yaml_dir(tmp)
    for old, new in case.replace:
        text = spec_file.read_text()
        assert old in text, f"case {case.id}: '{old}' is not in the base lab.yaml"
        spec_file.write_text(text.replace(old, new, 1))
    for rel, content in case.files.items():
        target = lab / rel
        if content is None:
            target.unlink()
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    return lab


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_a_clear_message(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("LABCTL_HOME", str(home))
    monkeypatch.delenv("LABCTL_LABS_PATH", raising=False)
    monkeypatch.setattr("labctl.cli.common._store", None)
    lab = _materialise(case, tmp_path)
    if case.setup is not None:
        case.setup(tmp_path)
        capsys.readouterr()
        monkeypatch.setattr("labctl.cli.common._store", None)  # a store the setup opened is not the case's
    for key, value in case.env.items():
        monkeypatch.setenv(key, value.replace("{tmp}", str(tmp_path)))
    argv = [a.replace("{lab}", str(lab)).replace("{tmp}", str(tmp_path)) for a in case.argv]
    code = run(argv)
    out = capsys.readouterr()
    text = " ".join((out.out + out.err).split())
    assert "Traceback" not in text and "internal error" not in text, text
    assert code == case.code, f"exit {code}, expected {case.code}: {text}"
    for fragment in case.says:
        assert " ".join(fragment.split()) in text, f"the message must name {fragment!r}: {text}"


def test_the_corpus_is_big_enough() -> None:
    folders = [p for p in (FIXTURES / "invalid").iterdir() if p.is_dir()]
    assert len(CASES) + len(folders) >= 120
    assert len({c.id for c in CASES}) == len(CASES)
