"""actorgraph: knowledge graphs of conflict actors and alliances.

Reports state claims: who backs, arms, trains, funds or fights whom, since when, how
certain, and according to whom. actorgraph keeps each claim with its source and quote,
as RDF (queried with SPARQL), as networkx graphs (analysed: camps, balance, brokers)
and as a self-contained interactive HTML network.

>>> import actorgraph
>>> g = actorgraph.load()
>>> sorted(a.id for a in g.related("GNA", relation="backs", direction="in"))
['ITA', 'QAT', 'TUR', 'UN']
"""

from __future__ import annotations

import typing as _typing

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ActorGraphError",
    "Claim",
    "DataError",
    "ExportError",
    "Graph",
    "LoadError",
    "Problem",
    "QueryError",
    "QueryResult",
    "QueryTimeoutError",
    "Source",
    "StoreError",
    "UnknownNameError",
    "UnsafeQueryError",
    "analysis",
    "import_dataset",
    "load",
    "validate",
    "writable",
]

_LAZY = {
    "load": "._load",
    "import_dataset": "._import",
    "writable": "._export",
    "validate": "._validate",
    "Graph": "._graph",
    "QueryResult": "._store",
    "Actor": "._model",
    "Claim": "._model",
    "Source": "._model",
    **{name: "._exceptions" for name in (
        "ActorGraphError", "DataError", "ExportError", "LoadError", "Problem", "QueryError",
        "QueryTimeoutError", "StoreError", "UnknownNameError", "UnsafeQueryError")},
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from . import analysis
    from ._exceptions import (
        ActorGraphError,
        DataError,
        ExportError,
        LoadError,
        Problem,
        QueryError,
        QueryTimeoutError,
        StoreError,
        UnknownNameError,
        UnsafeQueryError,
    )
    from ._export import writable
    from ._graph import Graph
    from ._import import import_dataset
    from ._load import load
    from ._model import Actor, Claim, Source
    from ._store import QueryResult
    from ._validate import validate


def __getattr__(name: str):
    """Import on first use, so that ``import actorgraph`` does no work."""
    import importlib

    if name == "analysis":
        return importlib.import_module(".analysis", __name__)
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'actorgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
