"""A small IAM policy evaluator and least-privilege linter for lab checks.

Lab checks import it as `from labctl.grading.iam import allowed, lint, ...` (phase6 and
phase7 grade their least-privilege tasks with it).

- `effective_policies(iam, kind, name)`: every policy document that applies to an
  IAM user or role: inline, attached managed (default version) and, for users, those
  of their groups.
- `allowed(docs, action, resource)`: would these identity policies allow the request?
  Explicit Deny wins; Allow statements match Action/NotAction and Resource/NotResource
  with IAM's wildcards (`*`, `?`; actions case-insensitive). Conditions are ignored,
  which is conservative both ways: a conditional Allow counts as granting (so it
  cannot hide a too-broad grant), a conditional Deny as not denying.
- `lint(docs, narrow_patterns)`: wildcards where a narrower value fits: `NotAction` /
  `NotResource` in an Allow, wildcard actions (`s3:*`, `s3:Get*`, `*`), `Resource: "*"`,
  and wildcards in a resource outside the parts `narrow_patterns` allow (e.g. the
  object key after `arn:aws:s3:::bucket/`).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Doc:
    """One policy document and where it came from (for messages)."""

    source: str
    statements: tuple[dict[str, Any], ...]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def parse(document: Any, source: str) -> Doc:
    """A policy document as IAM returns it (dict, JSON text, or URL-encoded JSON text)."""
    if isinstance(document, str):
        text = document
        if text.lstrip().startswith("%7B") or "%22" in text:
            text = urllib.parse.unquote(text)
        document = json.loads(text)
    statements = _as_list((document or {}).get("Statement"))
    return Doc(source, tuple(s for s in statements if isinstance(s, dict)))


def _glob(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    parts = []
    for ch in pattern:
        if ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts) + r"\Z", re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    return bool(_glob(str(pattern), ignore_case=ignore_case).match(value))


def _statement_applies(stmt: dict[str, Any], action: str, resource: str) -> bool:
    if "Action" in stmt:
        ok = any(matches(a, action, ignore_case=True) for a in _as_list(stmt["Action"]))
    elif "NotAction" in stmt:
        ok = not any(matches(a, action, ignore_case=True) for a in _as_list(stmt["NotAction"]))
    else:
        ok = False
    if not ok:
        return False
    if "Resource" in stmt:
        return any(matches(r, resource) for r in _as_list(stmt["Resource"]))
    if "NotResource" in stmt:
        return not any(matches(r, resource) for r in _as_list(stmt["NotResource"]))
    return False


def allowed(docs: Iterable[Doc], action: str, resource: str) -> bool:
    docs = list(docs)
    for doc in docs:
        for stmt in doc.statements:
            if stmt.get("Effect") == "Deny" and "Condition" not in stmt and _statement_applies(stmt, action, resource):
                return False
    return any(
        stmt.get("Effect") == "Allow" and _statement_applies(stmt, action, resource)
        for doc in docs for stmt in doc.statements
    )


def grants(docs: Iterable[Doc], probes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (action, resource) probes these policies allow."""
    docs = list(docs)
    return [(a, r) for a, r in probes if allowed(docs, a, r)]


def lint(docs: Iterable[Doc], narrow_patterns: Iterable[str] = ()) -> list[str]:
    """Problems, each one sentence for the learner; [] when every Allow is narrow.

    `narrow_patterns` are regular expressions for resources that may contain
    wildcards (e.g. r"arn:aws:s3:::my-bucket/[^*?]*\\*" for keys under a prefix).
    """
    allowed_wild = [re.compile(p + r"\Z") for p in narrow_patterns]
    problems: list[str] = []
    for doc in docs:
        for stmt in doc.statements:
            if stmt.get("Effect") != "Allow":
                continue
            if "NotAction" in stmt:
                problems.append(f"{doc.source} allows NotAction {_as_list(stmt['NotAction'])}: that grants every "
                                "other action there is; list the actions the service needs instead")
            if "NotResource" in stmt:
                problems.append(f"{doc.source} allows on NotResource: that grants every other resource; name "
                                "the resources instead")
            for action in _as_list(stmt.get("Action")):
                if "*" in str(action) or "?" in str(action):
                    problems.append(f"{doc.source} allows the wildcard action \"{action}\": list the exact "
                                    "actions the service needs")
            for resource in _as_list(stmt.get("Resource")):
                text = str(resource)
                if text == "*":
                    problems.append(f"{doc.source} allows {_actions(stmt)} on Resource \"*\" (every resource): "
                                    "name the bucket, objects or secret instead")
                elif ("*" in text or "?" in text) and not any(p.match(text) for p in allowed_wild):
                    problems.append(f"{doc.source} allows {_actions(stmt)} on \"{text}\": that wildcard "
                                    "reaches further than the service needs")
    return problems


def _actions(stmt: dict[str, Any]) -> str:
    actions = [str(a) for a in _as_list(stmt.get("Action"))] or ["NotAction"]
    return ", ".join(actions[:3]) + (" ..." if len(actions) > 3 else "")


def effective_policies(iam: Any, kind: str, name: str) -> list[Doc]:
    """Every identity policy document that applies to IAM user or role `name`."""
    docs: list[Doc] = []

    def managed(arn: str, label: str) -> None:
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
        version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])
        docs.append(parse(version["PolicyVersion"]["Document"], label))

    def attached(pages: Iterable[dict[str, Any]], owner: str) -> None:
        for page in pages:
            for pol in page.get("AttachedPolicies", []):
                managed(pol["PolicyArn"], f"managed policy {pol['PolicyName']} (attached to {owner})")

    if kind == "user":
        for page in iam.get_paginator("list_user_policies").paginate(UserName=name):
            for pol in page.get("PolicyNames", []):
                doc = iam.get_user_policy(UserName=name, PolicyName=pol)["PolicyDocument"]
                docs.append(parse(doc, f"inline policy {pol} of user {name}"))
        attached(iam.get_paginator("list_attached_user_policies").paginate(UserName=name), f"user {name}")
        for page in iam.get_paginator("list_groups_for_user").paginate(UserName=name):
            for group in page.get("Groups", []):
                gname = group["GroupName"]
                for gpage in iam.get_paginator("list_group_policies").paginate(GroupName=gname):
                    for pol in gpage.get("PolicyNames", []):
                        doc = iam.get_group_policy(GroupName=gname, PolicyName=pol)["PolicyDocument"]
                        docs.append(parse(doc, f"inline policy {pol} of group {gname}"))
                attached(iam.get_paginator("list_attached_group_policies").paginate(GroupName=gname),
                         f"group {gname}")
    elif kind == "role":
        for page in iam.get_paginator("list_role_policies").paginate(RoleName=name):
            for pol in page.get("PolicyNames", []):
                doc = iam.get_role_policy(RoleName=name, PolicyName=pol)["PolicyDocument"]
                docs.append(parse(doc, f"inline policy {pol} of role {name}"))
        attached(iam.get_paginator("list_attached_role_policies").paginate(RoleName=name), f"role {name}")
    else:
        raise ValueError(f"kind must be 'user' or 'role', not {kind!r}")
    return docs


def describe(probes: Iterable[tuple[str, str]], limit: int = 3) -> str:
    probes = list(probes)
    text = ", ".join(f"{a} on {r}" for a, r in probes[:limit])
    return text + (f" (and {len(probes) - limit} more)" if len(probes) > limit else "")
