"""The public surface: what ``__all__`` promises is what the packages export, under their
public names, and every public method of :class:`actorgraph.Graph` is documented."""

from __future__ import annotations

import inspect
import re

import pytest

import actorgraph
from actorgraph import analysis


def _public(module) -> set[str]:
    return {name for name in dir(module) if not name.startswith("_")}


def test_the_package_exports_exactly_its_all():
    """``__all__`` lists every public name of ``actorgraph`` and nothing else (the lazy
    names are resolved first, so that ``dir`` shows what an import really gives)."""
    for name in actorgraph.__all__:
        getattr(actorgraph, name)
    assert _public(actorgraph) - {"annotations"} == set(actorgraph.__all__)


def test_analysis_exports_exactly_its_all():
    """Its submodules aside (``analysis.camps`` the function hides ``camps`` the module)."""
    modules = {n for n in _public(analysis) if inspect.ismodule(getattr(analysis, n))}
    assert _public(analysis) - modules == set(analysis.__all__)


@pytest.mark.parametrize("name", [n for n in actorgraph.__all__ if n[0].isupper()])
def test_public_classes_show_their_public_module(name):
    """``actorgraph.LoadError``, not ``actorgraph._exceptions.LoadError``."""
    cls = getattr(actorgraph, name)
    assert cls.__module__ == "actorgraph"
    assert repr(cls) == f"<class 'actorgraph.{name}'>"


def _methods():
    return [name for name, member in inspect.getmembers(actorgraph.Graph)
            if not name.startswith("_") and callable(member)]


@pytest.mark.parametrize("name", _methods())
def test_graph_methods_are_documented_with_parameters_returns_and_examples(name):
    """numpydoc: Parameters (where there are any), Returns or Yields, and an Example."""
    method = getattr(actorgraph.Graph, name)
    doc = inspect.getdoc(method) or ""
    parameters = [p for p in inspect.signature(method).parameters if p != "self"]
    if parameters:
        assert "Parameters\n----------" in doc or name in ("render_html",), name
    assert re.search(r"Returns\n-{7}|Yields\n-{6}", doc), name
    assert "Examples\n--------" in doc, name


@pytest.mark.parametrize("name", _methods())
def test_no_public_signature_hides_options(name):
    """Options are named, never swallowed by ``**options``."""
    kinds = {p.kind for p in inspect.signature(getattr(actorgraph.Graph, name)).parameters.values()}
    allowed_var_keyword = {"query", "named_query"}  # SPARQL bindings and query parameters
    assert inspect.Parameter.VAR_KEYWORD not in kinds or name in allowed_var_keyword


def test_no_import_cycle_inside_the_package():
    """The modules' imports (at module level) form no cycle."""
    import ast
    import pathlib

    root = pathlib.Path(actorgraph.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        module = ".".join(("actorgraph", *path.relative_to(root).with_suffix("").parts))
        module = module.removesuffix(".__init__")
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found = set()
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                if node.module:
                    found.add(f"{base}.{node.module}")
                else:  # from . import _cues: the submodules named
                    found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("actorgraph"):
                found.add(node.module)
        graph[module] = {t for t in found if t != module}
    visiting, done = set(), set()

    def visit(module, trail):
        if module in done or module not in graph:
            return
        assert module not in visiting, " -> ".join([*trail, module])
        visiting.add(module)
        for target in graph[module]:
            visit(target, [*trail, module])
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, [])
