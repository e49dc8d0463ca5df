"""Validates JSON documents against one of numaplan's schemas (schemas/).

usage: schema_check.py SCHEMAS_DIR SCHEMA DOCUMENTS_DIR [--complete]

Every *.json of DOCUMENTS_DIR is validated with the draft 2020-12 validator;
the other schemas of SCHEMAS_DIR resolve the "$ref"s between documents
(plan's map members, each's results). With --complete, every property the
schema names (through its own "$defs", not into another document's schema)
must also appear in some document with a value that is not null, false, "",
[] or {}: a member a writer adds, drops or renames without the schema, or a
schema member no test input fills, fails here.
"""
import glob
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource


def main():
    schemas_dir, name, documents_dir = sys.argv[1:4]
    complete = "--complete" in sys.argv[4:]
    schemas = {p.name: json.load(open(p)) for p in pathlib.Path(schemas_dir).glob("*.schema.json")}
    registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in schemas.values()])
    schema = schemas[name]
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    documents = {p: json.load(open(p)) for p in sorted(glob.glob(documents_dir + "/*.json"))}
    bad = 0
    for path, document in documents.items():
        for error in validator.iter_errors(document):
            bad += 1
            print(path, error.json_path, error.message[:300])
    if complete:
        named = set()
        properties(schema, schema, "", named, set())
        filled = set()
        for document in documents.values():
            fill(schema, schema, document, "", filled)
        for path in sorted(named - filled):
            bad += 1
            print(name + ": no document fills " + path)
    sys.exit(1 if bad else 0)


def resolve(root, node):
    """`node` with a local "$ref" ("#/...") followed; None for one into another schema."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return None
        node = root
        for part in ref[2:].split("/"):
            node = node[part]
    return node


def alternatives(node):
    return [node] + node.get("oneOf", []) + node.get("anyOf", []) + node.get("allOf", [])


def properties(root, node, path, named, seen):
    """Every property path ("/nodes/*/memory/*/hotplug") the schema names."""
    node = resolve(root, node)
    if not isinstance(node, dict) or (id(node), path) in seen:
        return
    seen.add((id(node), path))
    for alt in alternatives(node):
        alt = resolve(root, alt)
        if not isinstance(alt, dict):
            continue
        for key, sub in alt.get("properties", {}).items():
            named.add(path + "/" + key)
            properties(root, sub, path + "/" + key, named, seen)
        if isinstance(alt.get("items"), dict):
            properties(root, alt["items"], path + "/*", named, seen)


def populated(value):
    return value is not None and value is not False and value not in ("", [], {})


def fill(root, node, value, path, filled):
    """Marks the property paths `value` fills."""
    node = resolve(root, node)
    if not isinstance(node, dict):
        return
    for alt in alternatives(node):
        alt = resolve(root, alt)
        if not isinstance(alt, dict):
            continue
        if isinstance(value, dict):
            for key, sub in alt.get("properties", {}).items():
                if key in value and populated(value[key]):
                    filled.add(path + "/" + key)
                    fill(root, sub, value[key], path + "/" + key, filled)
        if isinstance(value, list) and isinstance(alt.get("items"), dict):
            for item in value:
                fill(root, alt["items"], item, path + "/*", filled)


if __name__ == "__main__":
    main()
