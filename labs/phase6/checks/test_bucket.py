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


def _prefix(rule):
    filt = rule.get("Filter") or {}
    if "Prefix" in filt:
        return filt["Prefix"]
    if "And" in filt:
        return (filt["And"] or {}).get("Prefix")
    if "Tag" in filt or "ObjectSizeGreaterThan" in filt or "ObjectSizeLessThan" in filt:
        return None
    return rule.get("Prefix")  # the legacy, filter-less form


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
    matching = [r for r in rules if _prefix(r) in ("logs/", "logs")]
    assert matching, (
        f"no lifecycle rule of bucket {bucket} applies to the logs/ prefix (rules: "
        f"{', '.join(repr(_prefix(r)) for r in rules) or 'none'}): filter one on the prefix logs/"
    )
    enabled = [r for r in matching if r.get("Status") == "Enabled"]
    assert enabled, f"the lifecycle rule for logs/ in bucket {bucket} is disabled: set its status to Enabled"
    found = [(r.get("Expiration") or {}).get("Days") for r in enabled]
    assert days in found, (
        f"the lifecycle rule for logs/ should expire objects after {days} days; it expires them after "
        f"{', '.join(str(d) for d in found if d) or 'never'}"
    )
