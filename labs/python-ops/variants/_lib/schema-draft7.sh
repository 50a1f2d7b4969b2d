# A draft-07 schema of the inventory with the shared settings in `definitions` (a learner's
# way to avoid writing them twice).
mkdir -p /lab/schema
cat > /lab/schema/inventory.schema.json <<'JSON'
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "definitions": {
    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
    "timeout": {"type": "number", "exclusiveMinimum": 0},
    "text": {"type": "string", "minLength": 1}
  },
  "properties": {
    "defaults": {
      "type": "object",
      "properties": {
        "user": {"$ref": "#/definitions/text"},
        "port": {"$ref": "#/definitions/port"},
        "key_file": {"$ref": "#/definitions/text"},
        "timeout": {"$ref": "#/definitions/timeout"}
      },
      "additionalProperties": false
    },
    "hosts": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "properties": {
          "name": {"$ref": "#/definitions/text"},
          "address": {"$ref": "#/definitions/text"},
          "user": {"$ref": "#/definitions/text"},
          "port": {"$ref": "#/definitions/port"},
          "key_file": {"$ref": "#/definitions/text"},
          "timeout": {"$ref": "#/definitions/timeout"}
        },
        "required": ["name", "address"],
        "additionalProperties": false
      }
    }
  },
  "required": ["hosts"],
  "additionalProperties": false
}
JSON
