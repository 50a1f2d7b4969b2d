"""The lab spec: pydantic models of lab.yaml, its loader and JSON schema."""
