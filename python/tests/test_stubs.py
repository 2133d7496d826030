"""The stubs name what the module has: `FieldName` is the library's field
names, in its order, and every name the stubs declare is exported."""

import ast
import pathlib

import juspay_customer as jc
from juspay_customer import _native

STUBS = pathlib.Path(jc.__file__).with_name("__init__.pyi")


def test_field_name_is_the_librarys():
    tree = ast.parse(STUBS.read_text())
    literal = next(
        node.value for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "FieldName"
    )
    names = [elt.value for elt in literal.slice.elts]
    assert names == list(_native.FIELDS)


def test_every_stub_name_is_exported():
    tree = ast.parse(STUBS.read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and not n.name.startswith("_")}
    assert declared == set(jc.__all__)
    assert all(hasattr(jc, name) for name in declared)
