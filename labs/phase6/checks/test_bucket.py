"""Task bucket: the bucket exists, keeps versions, encrypts at rest, blocks public
access and expires its logs; read from the env's AWS, however it was made."""

import pytest

ALGORITHMS = ("AES256", "aws:kms", "aws:kms:dsse")
PUBLIC_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def _error_code(exc):
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def _bucket(aws, params):
    s3 = aws.client("s3")
    bucket = params["bucket"]
    names = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    if bucket not in names:
        pytest.fail(f"there is no bucket named {bucket}" + (f" (buckets: {', '.join(names[:5])})" if names else ""))
    return s3, bucket


@pytest.mark.points(1)
def test_versioning_enabled(aws, params):
    s3, bucket = _bucket(aws, params)
    status = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    assert status == "Enabled", (
        f"bucket {bucket} should keep every version of its objects (versioning Enabled); "
        f"its versioning is {status or 'not configured'}"
    )


@pytest.mark.points(1)
def test_default_encryption(aws, params):
    s3, bucket = _bucket(aws, params)
    try:
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    except s3.exceptions.ClientError as exc:
        if _error_code(exc) == "ServerSideEncryptionConfigurationNotFoundError":
            pytest.fail(f"bucket {bucket} has no default encryption: configure server-side encryption "
                        "(SSE-S3, AES256, or SSE-KMS)")
        raise
    algorithms = [(r.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm") for r in rules]
    assert any(a in ALGORITHMS for a in algorithms), (
        f"bucket {bucket}'s default encryption uses {', '.join(map(str, algorithms)) or 'nothing'}: "
        f"expected one of {', '.join(ALGORITHMS)}"
    )


@pytest.mark.points(1)
def test_public_access_blocked(aws, params):
    s3, bucket = _bucket(aws, params)
    try:
        config = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except s3.exceptions.ClientError as exc:
        if _error_code(exc) == "NoSuchPublicAccessBlockConfiguration":
            pytest.fail(f"bucket {bucket} has no public access block: add one with all four settings on")
        raise
    off = [flag for flag in PUBLIC_FLAGS if not config.get(flag)]
    assert not off, f"bucket {bucket}'s public access block leaves {', '.join(off)} off: turn all four on"


def _scope(rule):
    """(prefix, narrower) of a lifecycle rule: the key prefix it applies to, and what else
    narrows it (tags, object sizes), so that a rule on only some objects under logs/ is
    told apart from one on all of them."""
    filt = rule.get("Filter")
    if filt is None:
        return rule.get("Prefix") or "", []  # the legacy, filter-less form
    narrower = []
    if "And" in filt:
        filt = filt["And"] or {}
        if filt.get("Tags"):
            narrower.append("tags")
    if "Tag" in filt:
        narrower.append("a tag")
    if "ObjectSizeGreaterThan" in filt or "ObjectSizeLessThan" in filt:
        narrower.append("object sizes")
    return filt.get("Prefix") or "", narrower


def _covers_logs(prefix):
    """Whether a rule's prefix takes in every object under logs/ ('' is the whole bucket)."""
    return "logs/".startswith(prefix) or prefix == "logs"


def _what_it_does(rule):
    exp = rule.get("Expiration") or {}
    if exp.get("Days"):
        return f"expires objects after {exp['Days']} days"
    if exp.get("Date"):
        return f"expires objects on a fixed date ({exp['Date']}), not a number of days after they are written"
    parts = []
    if rule.get("Transitions") or rule.get("Transition"):
        t = (rule.get("Transitions") or [rule.get("Transition")])[0] or {}
        parts.append(f"moves objects to {t.get('StorageClass', 'another storage class')} after {t.get('Days', '?')} days")
    if rule.get("NoncurrentVersionExpiration"):
        days = rule["NoncurrentVersionExpiration"].get("NoncurrentDays", "?")
        parts.append(f"deletes old (noncurrent) versions after {days} days")
    if exp.get("ExpiredObjectDeleteMarker"):
        parts.append("removes expired delete markers")
    if rule.get("AbortIncompleteMultipartUpload"):
        parts.append("aborts incomplete uploads")
    return " and ".join(parts) + " but never expires the objects themselves" if parts else "never expires objects"


@pytest.mark.points(1)
def test_lifecycle_expires_logs(aws, params):
    s3, bucket = _bucket(aws, params)
    days = int(params["log_days"])
    try:
        rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket).get("Rules", [])
    except s3.exceptions.ClientError as exc:
        if _error_code(exc) == "NoSuchLifecycleConfiguration":
            pytest.fail(f"bucket {bucket} has no lifecycle configuration: add a rule that expires objects "
                        f"under logs/ after {days} days")
        raise
    scoped = [(r, *_scope(r)) for r in rules]
    logs = [(r, narrower) for r, prefix, narrower in scoped if _covers_logs(prefix)]
    assert logs, (
        f"no lifecycle rule of bucket {bucket} applies to the logs/ prefix (rules: "
        f"{', '.join(repr(prefix) for _, prefix, _ in scoped) or 'none'}): filter one on the prefix logs/"
    )
    enabled = [(r, narrower) for r, narrower in logs if r.get("Status") == "Enabled"]
    assert enabled, f"the lifecycle rule for logs/ in bucket {bucket} is disabled: set its status to Enabled"
    whole = [r for r, narrower in enabled if not narrower]
    if not whole:
        narrowed = ", ".join(sorted({n for _, narrower in enabled for n in narrower}))
        pytest.fail(f"the lifecycle rule for logs/ in bucket {bucket} also filters on {narrowed}, so it expires "
                    "only some of the objects under logs/: filter on the prefix alone")
    expiring = [int((r.get("Expiration") or {}).get("Days") or 0) for r in whole]
    expiring = [d for d in expiring if d > 0]
    assert expiring, (
        f"the lifecycle rule for logs/ in bucket {bucket} {_what_it_does(whole[0])}: add an expiration "
        f"after {days} days"
    )
    # several enabled rules may cover logs/ (one on the prefix, one on the whole bucket):
    # the earliest expiration is the one that happens
    assert min(expiring) == days, (
        f"the lifecycle rules for logs/ in bucket {bucket} expire its objects after {min(expiring)} days; "
        f"they should after {days} days"
    )
