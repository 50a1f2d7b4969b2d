"""Task changelog: CHANGELOG.md has a section for the new version, built from the
conventional commits since the previous tag (read from the release tag when it exists)."""


import _phase2 as lab  # the lab's shared helpers, beside this file
import pytest


@pytest.fixture(scope="module")
def changelog(host, env):
    """(text, where it was read) of CHANGELOG.md: from the release tag if it exists, else as committed
    (HEAD): "commit it before you create the tag"."""
    params = env.params
    ws = host("workspace")
    repo = lab.repo_dir(params)
    version = lab.expected_version(params)
    tag = lab.find_tag(lab.tags(ws, repo), version)
    pending = lab.git(ws, repo, "status", "--porcelain", "--", "CHANGELOG.md").stdout.strip()
    if tag:
        text = lab.show_file(ws, repo, tag, "CHANGELOG.md")
        if text is None:
            pytest.fail(f"the release tag {tag} has no CHANGELOG.md: commit the changelog before tagging")
        note = " (your changes to it are not committed yet: commit them, then tag)" if pending else ""
        return text, f"CHANGELOG.md in tag {tag}{note}"
    text = lab.show_file(ws, repo, "HEAD", "CHANGELOG.md")
    if text is None:
        pytest.fail("CHANGELOG.md is missing from the repository")
    note = " (your changes to it are not committed yet, so they are not graded)" if pending else ""
    return text, f"CHANGELOG.md as committed{note}"


def _section(changelog, params):
    text, where = changelog
    version = lab.expected_version(params)
    section, _ = lab.version_section(text, version)
    if section is None:
        pytest.fail(f"{where} has no heading for the new release (a line like `## [X.Y.Z] - <date>` with the "
                    "version the commits call for)")
    return section, where


def test_section_for_the_new_version(changelog, params):
    text, where = changelog
    version = lab.expected_version(params)
    prev = lab.prev_version(params)
    section, line = lab.version_section(text, version)
    assert section is not None, (
        f"{where} must have a section for the new release, headed by a line like `## [X.Y.Z] - <date>`; "
        "no heading names the version the commits since the previous tag call for (see the version task)"
    )
    _, prev_line = lab.version_section(text, prev)
    assert prev_line >= 0, (
        f"{where} no longer has the section of the previous release {prev}: add the new section above it, "
        "keep the history"
    )
    assert line < prev_line, (
        f"the {version} section must come before (above) the {prev} one: newest release first"
    )


@pytest.mark.points(2)
def test_section_lists_the_features_and_fixes(changelog, params, host):
    section, where = _section(changelog, params)
    seed = lab.seed_info(host("workspace"))
    wanted = [c for c in (lab.parse_commit(r["message"]) for r in seed["release_commits"])
              if c and c["type"] in ("feat", "fix")]
    missing = [c["desc"] for c in wanted if not lab.mentions(section, c["desc"])]
    assert not missing, (
        f"the {lab.expected_version(params)} section of {where} must list every feat and fix commit since "
        f"{seed['prev_tag']}; missing: " + "; ".join(f"'{m}'" for m in missing)
    )
    stale = [old for old in lab.OLD_ENTRIES if lab.mentions(section, old)]
    assert not stale, (
        f"the new section lists '{stale[0]}', which shipped in {seed['prev_tag']}: "
        f"only commits since {seed['prev_tag']} belong in it"
    )
    if any(c["breaking"] for c in wanted):
        assert "breaking" in section.lower(), (
            "one commit since the previous release is a breaking change: the section must say so "
            "(e.g. a '### BREAKING CHANGES' heading or a 'BREAKING:' entry)"
        )
