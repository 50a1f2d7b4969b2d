"""Task version: the release is tagged with the semantic version the commits call for."""

import tomllib

import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest


@pytest.fixture(scope="module")
def release(host, env):
    params = env.params
    ws = host("workspace")
    repo = lab.repo_dir(params)
    all_tags = lab.tags(ws, repo)
    version = lab.expected_version(params)
    return {"ws": ws, "repo": repo, "tags": all_tags, "version": version,
            "tag": lab.find_tag(all_tags, version), "prev": lab.prev_version(params)}


def _tag(release):
    if release["tag"] is None:
        pytest.fail("the release is not tagged yet (see the first check of this task)")
    return release["tag"]


@pytest.mark.points(3)
def test_release_tag_has_the_right_version(release):
    newer = lab.newer_semver_tags(release["tags"], release["prev"])
    wrong = [t for t in newer if t != f"v{release['version']}"]
    if release["tag"] is None and release["version"] in release["tags"]:
        pytest.fail(
            f"the release is tagged {release['version']}, without the v: release tags here are named "
            f"vX.Y.Z, like the previous one (v{release['prev']}). Tag it again with the v and delete "
            f"the other (git tag -d {release['version']})"
        )
    if release["tag"] is None:
        hint = f" It has {', '.join(wrong)}: is that the right bump?" if wrong else ""
        pytest.fail(
            f"no tag for the new release: the commits since v{release['prev']} call for one specific "
            f"semantic version, and the repository has no tag for it.{hint}"
        )
    assert not wrong, (
        f"besides {release['tag']} the repository has other release tags newer than v{release['prev']}: "
        f"{', '.join(wrong)}. A release has one version: delete the wrong tag(s) (git tag -d ...)"
    )


def test_tag_contains_every_release_commit(release, host):
    tag = _tag(release)
    seed = lab.seed_info(release["ws"])
    result = lab.git(release["ws"], release["repo"], "merge-base", "--is-ancestor", seed["head"], f"{tag}^{{commit}}")
    assert result.rc == 0, (
        f"tag {tag} must point at a commit that contains all the work since {seed['prev_tag']} "
        f"(at least main as it was, {seed['head'][:8]}); it does not: tag the tip of main"
    )


def test_tag_is_annotated(release):
    tag = _tag(release)
    kind = lab.git(release["ws"], release["repo"], "cat-file", "-t", f"refs/tags/{tag}").stdout.strip()
    assert kind == "tag", (
        f"tag {tag} is a lightweight tag; release tags are annotated, like v{release['prev']}: "
        f"git tag -a {tag} -m 'Release {release['version']}'"
    )


def test_package_version_matches_the_tag(release):
    tag = _tag(release)
    text = lab.show_file(release["ws"], release["repo"], tag, "pyproject.toml")
    assert text is not None, f"tag {tag} has no pyproject.toml"
    try:
        version = tomllib.loads(text).get("project", {}).get("version")
    except tomllib.TOMLDecodeError as exc:
        pytest.fail(f"pyproject.toml in tag {tag} is not valid TOML: {exc}")
    assert version == release["version"], (
        f"pyproject.toml in tag {tag} must say version = \"{release['version']}\"; it says {version!r}"
    )
