"""What the Python checks share: where the corpus is, and how a verdict file is written."""

import json
import os
import sys
from importlib.metadata import version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TARGET = os.environ.get("JUSPAY_TARGET_DIR", os.path.join(ROOT, "target"))
OUT = os.path.join(TARGET, "generators")


def records():
    """The corpus's records, each a JSON text (see ../corpus.mjs)."""
    with open(os.path.join(OUT, "corpus.json"), encoding="utf-8") as f:
        return json.load(f)["records"]


def write(name, generator, package, verdicts, note=""):
    """Writes target/generators/verdicts/NAME.json: one verdict per record."""
    path = os.path.join(OUT, "verdicts", f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"generator": generator, "version": version(package), "verdicts": verdicts, "note": note}, f)
    print(f"{generator} {version(package)}: {sum(verdicts)} of {len(verdicts)} valid", file=sys.stderr)


def write_result(name, generator, package, result):
    """Writes target/generators/verdicts/NAME.json for a generator that makes no validator: what was checked."""
    path = os.path.join(OUT, "verdicts", f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"generator": generator, "version": version(package), "result": result}, f)
    print(f"{generator} {version(package)}: {result}", file=sys.stderr)
