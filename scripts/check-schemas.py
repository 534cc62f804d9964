#!/usr/bin/python3
"""Checks the JSON Schemas against real files.

Every shipped YAML (WorkInstructions/*.yaml, Devices/*.yaml) and every
Tests/Fixtures/formats/valid/*.yaml must validate; every
Tests/Fixtures/formats/schema-invalid/*.yaml must be rejected. A file with a
top-level `projector` key is a cell, anything else an instruction set (the
same rule as the loader). Exits non-zero on any disagreement.
"""
import glob
import json
import os
import sys

import yaml
from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "Sources", "StepwiseFormats", "Schemas")


def validator(name):
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def is_cell(document):
    return isinstance(document, dict) and "projector" in document


def problems(path, cell, instruction_set):
    """The schema errors of one file, or a parse error."""
    try:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return ["not YAML: %s" % str(error).splitlines()[0]]
    schema = cell if is_cell(document) else instruction_set
    return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)", e.message)
            for e in schema.iter_errors(document)]


def files(*patterns):
    return sorted(p for pattern in patterns for p in glob.glob(os.path.join(ROOT, pattern)))


def main():
    cell = validator("cell.schema.json")
    instruction_set = validator("instruction-set.schema.json")
    must_pass = files("WorkInstructions/*.yaml", "Devices/*.yaml", "Tests/Fixtures/formats/valid/*.yaml")
    must_fail = files("Tests/Fixtures/formats/schema-invalid/*.yaml")
    disagreements = 0
    for path in must_pass:
        errors = problems(path, cell, instruction_set)
        if errors:
            disagreements += 1
            print("FAIL %s (should validate):" % os.path.relpath(path, ROOT))
            for error in errors[:10]:
                print("     " + error)
    for path in must_fail:
        if not problems(path, cell, instruction_set):
            disagreements += 1
            print("FAIL %s (should be rejected, but validates)" % os.path.relpath(path, ROOT))
    print("check-schemas: %d must pass, %d must fail, %d disagreement(s)"
          % (len(must_pass), len(must_fail), disagreements))
    return 1 if disagreements or not must_pass else 0


if __name__ == "__main__":
    sys.exit(main())
