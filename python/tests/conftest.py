"""Where the tests find the CLI and gen_records: `cargo build --bins --examples`
at the root (JUSPAY_TARGET_DIR overrides `target`)."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = pathlib.Path(os.environ.get("JUSPAY_TARGET_DIR", ROOT / "target"))


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    path = TARGET / "debug" / "juspay-customer"
    assert path.exists(), "run `cargo build --bins --examples` first"
    return path


@pytest.fixture(scope="session")
def gen_records() -> pathlib.Path:
    path = TARGET / "debug" / "examples" / "gen_records"
    assert path.exists(), "run `cargo build --bins --examples` first"
    return path
