"""Task publish: main and the release tag are on the team's git server."""

import importlib.util
import sys
from pathlib import Path

import pytest


def _helpers():
    """The lab's shared helpers (_phase2.py beside this file), loaded by path."""
    name = "labctl_lab_phase2_helpers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_phase2.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


lab = _helpers()


@pytest.fixture(scope="module")
def server(host, env):
    params = env.params
    srv = host("gitserver")
    bare = f"/srv/git/{params['repo']}.git"
    ws = host("workspace")
    version = lab.expected_version(params)
    local_tags = lab.tags(ws, lab.repo_dir(params))
    return {"srv": srv, "bare": bare, "version": version, "tags": lab.tags(srv, bare, bare=True),
            "local_tag": lab.find_tag(local_tags, version), "local_tags": local_tags}


@pytest.mark.points(2)
def test_server_has_the_release_tag(server):
    tag = lab.find_tag(server["tags"], server["version"])
    assert tag is not None, (
        f"the git server has no tag for the release{' (' + server['local_tag'] + ')' if server['local_tag'] else ''}; "
        "`git push` sends no tags: push the tag itself. The server has: "
        + (", ".join(sorted(server["tags"])) or "no tags")
    )
    if server["local_tag"]:
        assert server["tags"][tag] == server["local_tags"][server["local_tag"]], (
            f"tag {tag} on the server points at {server['tags'][tag][:8]}, yours at "
            f"{server['local_tags'][server['local_tag']][:8]}: push the tag again (git push -f origin {tag})"
        )


@pytest.mark.points(2)
def test_server_main_contains_the_release(server):
    tag = lab.find_tag(server["tags"], server["version"])
    if tag is None:
        pytest.fail("the git server has no release tag yet, so main cannot contain it")
    result = lab.git(server["srv"], server["bare"], "merge-base", "--is-ancestor", server["tags"][tag], "refs/heads/main",
                     bare=True)
    assert result.rc == 0, (
        f"main on the git server does not contain the release commit {server['tags'][tag][:8]} ({tag}): push main"
    )


def test_server_main_has_the_pipeline(server):
    listing = lab.git(server["srv"], server["bare"], "ls-tree", "--name-only", "refs/heads/main:.github/workflows",
                      bare=True)
    files = [f for f in listing.stdout.split() if f.endswith((".yml", ".yaml"))] if listing.rc == 0 else []
    assert files, "main on the git server has no workflow in .github/workflows: commit it and push main"
