"""``serve`` uses only the store interface (issue 13): it imports nothing but the public names
of ``actorgraph._store``, tests no store's class, reads no store's private attributes and
never reads a store spec's text itself (``StoreSpec.parse`` does)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import actorgraph._serve
import actorgraph._store

MODULES = sorted(Path(actorgraph._serve.__file__).parent.glob("*.py"))
SPEC_WORDS = ("memory", "oxigraph", "sparql+")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_the_store_packages_public_names(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and "_store" in node.module:
            assert node.module == "_store", f"{path.name} imports {node.module}"
            names = {alias.name for alias in node.names}
            assert names <= set(actorgraph._store.__all__), f"{path.name}: {names}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_store_classes_and_no_private_parts(path):
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
            assert "Store" not in ast.unparse(node.args[1]), f"{path.name}: {ast.unparse(node)}"
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = ast.unparse(node.value)
            assert not owner.split(".")[-1].endswith("store"), f"{path.name}: {owner}.{node.attr}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_store_spec_is_read_as_text(path):
    tree = _tree(path)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            assert not node.value.startswith(SPEC_WORDS), f"{path.name}: {node.value!r}"
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("split", "partition", "startswith")):
            assert ":" not in [getattr(a, "value", None) for a in node.args], \
                f"{path.name}: {ast.unparse(node)}"
