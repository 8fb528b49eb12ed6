"""Export a graph: RDF (Turtle, N-Triples, JSON-LD) from the store, networkx formats, CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ._atomic import atomic_path, write_bytes
from ._exceptions import ExportError

__all__ = ["FORMATS", "export"]

FORMATS = {
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
    ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _flat(G):
    """A copy whose attributes GraphML/GEXF can hold: lists joined by '|', no None values."""
    H = G.copy()
    for _, attrs in H.nodes(data=True):
        _flatten(attrs)
    for *_, attrs in H.edges(data=True, keys=True) if H.is_multigraph() else H.edges(data=True):
        _flatten(attrs)
    return H


def _flatten(attrs: dict) -> None:
    for key in list(attrs):
        value = attrs[key]
        if value is None:
            del attrs[key]
        elif isinstance(value, (list, tuple, set)):
            attrs[key] = "|".join(str(v) for v in value)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    text = "|".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _edges_csv(G) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    columns = ["relation", "sign", "family", "certainty", "start", "end", "claims", "sources"]
    writer.writerow(["source", "target", *columns])
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[2]["relation"], e[1])):
        writer.writerow([_cell(u), _cell(v), *(_cell(data.get(c)) for c in columns)])
    return out.getvalue().encode("utf-8")


def export(graph, path: Path, fmt: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically in ``fmt`` (default: from the suffix)."""
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in set(FORMATS.values()):
        raise ExportError(f"{path}: unknown export format {fmt or path.suffix!r}; use one of "
                          f"{', '.join(sorted(set(FORMATS.values())))} or a suffix "
                          f"{', '.join(FORMATS)}")
    if fmt in ("turtle", "nt", "json-ld"):
        with atomic_path(path) as tmp:
            graph.store.dump(tmp, fmt)
        return path
    G = graph.to_networkx()
    if fmt == "csv":
        return write_bytes(path, _edges_csv(G))
    import networkx as nx

    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    with atomic_path(path) as tmp:
        writer(_flat(G), tmp)
    return path
