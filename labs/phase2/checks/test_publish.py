"""Task publish: main and the release tag are on the team's git server."""


import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest


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
