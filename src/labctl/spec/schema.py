"""The published JSON schema of lab.yaml (`labctl schema`, committed as docs/lab.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from labctl.spec.models import LabSpec

SCHEMA_ID = "https://labctl.dev/schema/lab.schema.json"


def lab_schema() -> dict[str, Any]:
    schema = LabSpec.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def lab_schema_text() -> str:
    return json.dumps(lab_schema(), indent=2, sort_keys=True) + "\n"
